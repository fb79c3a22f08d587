// Retries: 429 with Retry-After, persistent 429 => RATE_LIMITED, 5xx
// backoff, connection resets, bounded attempts; and the pure helpers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../../engine/reference/reference.js';
import { RegistryError } from '../../../engine/errors.js';
import { DEFAULT_RETRY } from '../../../engine/registry/config.js';
import { backoffDelay, humanDuration, isRetryableStatus, parseRetryAfter, retryAt } from '../../../engine/registry/retry.js';
import { FakeRegistry, makeImage } from './fake-registry.js';
import { failure, testClient } from './helpers.js';

const servers: FakeRegistry[] = [];
after(async () => Promise.all(servers.map((s) => s.server.close())));

async function withImage(): Promise<{ reg: FakeRegistry; ref: ReturnType<typeof parseReference>; digest: string }> {
  const reg = await FakeRegistry.start();
  servers.push(reg);
  const image = makeImage();
  reg.pushImage('x/y', image, ['latest']);
  return { reg, ref: parseReference(`${reg.host}/x/y`), digest: image.manifest.digest };
}

const MANIFEST = '/v2/x/y/manifests/latest';

test('429 with Retry-After (seconds) is waited out, then the request succeeds', async () => {
  const { reg, ref, digest } = await withImage();
  reg.server.once('GET', MANIFEST, (_req, res) => {
    res.writeHead(429, { 'retry-after': '2' });
    res.end();
  });
  const { client, sleeps } = testClient();
  assert.equal((await client.resolve(ref)).manifestDigest, digest);
  assert.deepEqual(sleeps, [2000]);
  assert.equal(reg.server.requestsTo(MANIFEST).length, 2);
});

test('Retry-After as an HTTP date', async () => {
  const { reg, ref } = await withImage();
  const now = Date.parse('2025-01-01T00:00:00Z');
  reg.server.once('GET', MANIFEST, (_req, res) => {
    res.writeHead(503, { 'retry-after': new Date(now + 7000).toUTCString() });
    res.end();
  });
  const { client, sleeps } = testClient({ now: () => now });
  await client.resolve(ref);
  assert.deepEqual(sleeps, [7000]);
});

test('a persistent 429 is RATE_LIMITED saying when to retry and the quota left', async () => {
  const { reg, ref } = await withImage();
  const now = Date.parse('2025-01-01T00:00:00Z');
  reg.server.on('GET', MANIFEST, (_req, res) => {
    res.writeHead(429, { 'retry-after': '30', 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600', 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] }));
  });
  const { client, sleeps } = testClient({ now: () => now });
  const err = await failure(() => client.resolve(ref));
  assert.ok(err instanceof RegistryError);
  assert.equal(err.code, 'RATE_LIMITED');
  assert.match(err.message, /too many requests \(HTTP 429\): You have reached your pull rate limit\./);
  assert.match(err.message, /retry after 2025-01-01T00:00:30\.000Z \(in 30s\)/);
  assert.match(err.message, /ratelimit-remaining 0;w=21600, ratelimit-limit 100;w=21600/);
  assert.match(err.hint ?? '', /registry-mirrors/);
  assert.equal(reg.server.requestsTo(MANIFEST).length, DEFAULT_RETRY.attempts);
  assert.deepEqual(sleeps, [30_000, 30_000, 30_000]);
});

test('a Retry-After beyond the cap is not waited for: RATE_LIMITED at once, with ratelimit-reset', async () => {
  const { reg, ref } = await withImage();
  const now = Date.parse('2025-01-01T00:00:00Z');
  reg.server.on('GET', MANIFEST, (_req, res) => {
    res.writeHead(429, { 'retry-after': String(6 * 3600) });
    res.end();
  });
  const { client, sleeps } = testClient({ now: () => now });
  const err = await failure(() => client.resolve(ref));
  assert.ok(err instanceof RegistryError && err.code === 'RATE_LIMITED');
  assert.match(err.message, /in 6h00m/);
  assert.deepEqual(sleeps, []);
  assert.equal(reg.server.requestsTo(MANIFEST).length, 1);
});

test('503 is retried with exponential backoff, then succeeds', async () => {
  const { reg, ref } = await withImage();
  reg.server.once('GET', MANIFEST, (_req, res) => {
    res.writeHead(503);
    res.end();
  }, 2);
  const infos: number[] = [];
  const { client, sleeps } = testClient({ random: () => 1 - Number.EPSILON });
  await client.resolve(ref);
  infos.push(...sleeps);
  // Equal jitter with random ~1: the full ceiling, 500 then 1000.
  assert.deepEqual(infos, [500, 1000]);
  assert.equal(reg.server.requestsTo(MANIFEST).length, 3);
});

test('a persistent 500 is REGISTRY_SERVER after the bounded attempts; 501 is not retried', async () => {
  const { reg, ref } = await withImage();
  reg.server.on('GET', MANIFEST, (_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'database on fire' }] }));
  });
  const { client, sleeps } = testClient({ retry: { attempts: 3 } });
  const err = await failure(() => client.resolve(ref));
  assert.ok(err instanceof RegistryError);
  assert.equal(err.code, 'REGISTRY_SERVER');
  assert.match(err.message, /server error 500: database on fire \(after 3 attempts\)/);
  assert.equal(sleeps.length, 2);

  reg.server.on('GET', MANIFEST, (_req, res) => {
    res.writeHead(501);
    res.end();
  });
  const before = reg.server.requestsTo(MANIFEST).length;
  const err501 = await failure(() => client.resolve(ref));
  assert.ok(err501 instanceof RegistryError && err501.code === 'REGISTRY_SERVER');
  assert.equal(reg.server.requestsTo(MANIFEST).length - before, 1);
});

test('a connection reset before the response is retried', async () => {
  const { reg, ref, digest } = await withImage();
  reg.server.once('GET', MANIFEST, (req) => {
    req.socket.destroy();
  });
  const { client, sleeps } = testClient();
  assert.equal((await client.resolve(ref)).manifestDigest, digest);
  assert.equal(sleeps.length, 1);
});

test('408 is retried', async () => {
  const { reg, ref } = await withImage();
  reg.server.once('GET', MANIFEST, (_req, res) => {
    res.writeHead(408);
    res.end();
  });
  const { client, sleeps } = testClient();
  await client.resolve(ref);
  assert.equal(sleeps.length, 1);
});

test('parseRetryAfter: seconds, HTTP dates, junk', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('0', now), 0);
  assert.equal(parseRetryAfter(' 12 ', now), 12_000);
  assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now), 60_000);
  assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0, 'a past date means now');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined);
  assert.equal(parseRetryAfter('1.5', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('backoffDelay doubles, is capped and jittered within [ceiling/2, ceiling]', () => {
  const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0)), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, policy, () => 0.999999)), [100, 200, 400]);
});

test('retryAt: Retry-After first, then ratelimit-reset as delta or epoch', () => {
  const now = 1_700_000_000_000;
  assert.equal(retryAt({ 'retry-after': '5', 'ratelimit-reset': '100' }, now), now + 5000);
  assert.equal(retryAt({ 'ratelimit-reset': '100' }, now), now + 100_000);
  assert.equal(retryAt({ 'x-ratelimit-reset': '1700000600' }, now), 1_700_000_600_000);
  assert.equal(retryAt({}, now), undefined);
});

test('isRetryableStatus and humanDuration', () => {
  assert.deepEqual([200, 404, 408, 429, 500, 501, 502, 503, 504, 505].filter(isRetryableStatus), [408, 429, 500, 502, 503, 504]);
  assert.equal(humanDuration(45_000), '45s');
  assert.equal(humanDuration(90_000), '1m30s');
  assert.equal(humanDuration(6 * 3600_000 - 1000), '5h59m');
});
