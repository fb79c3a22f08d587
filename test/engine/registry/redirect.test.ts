// Blob redirects to a CDN: followed, Authorization kept for the registry's
// origin only, resumes and expired signatures handled, loops and https ->
// http downgrades refused; TLS trust for secure and insecure registries.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReference } from '../../../engine/reference/reference.js';
import { RegistryError } from '../../../engine/errors.js';
import { FaultServer, serveBytes, truncate } from './fault-server.js';
import { FakeRegistry, makeImage, type TestImage } from './fake-registry.js';
import { collect, failure, retryLog, testClient } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
after(async () => Promise.all(closers.map((c) => c())));

async function start<T extends { close(): Promise<void> }>(server: T): Promise<T> {
  closers.push(() => server.close());
  return server;
}

interface Cdn {
  reg: FakeRegistry;
  cdn: FaultServer;
  image: TestImage;
  path: string;
}

/** A bearer-auth registry whose blob GETs redirect to a CDN on another origin. */
async function withCdn(): Promise<Cdn> {
  const reg = await FakeRegistry.start({ auth: 'bearer' });
  closers.push(() => reg.server.close());
  const cdn = await start(await FaultServer.start());
  const image = makeImage();
  reg.pushImage('x/y', image, ['latest']);
  const layer = image.layers[0]!;
  const path = `/v2/x/y/blobs/${layer.digest}`;
  reg.server.on('GET', path, (req, res) => {
    if (!req.headers.authorization) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${reg.server.url}/token",service="fake-registry",scope="repository:x/y:pull"` });
      return void res.end();
    }
    res.writeHead(307, { location: `${cdn.url}/signed/layer?sig=abc` });
    res.end();
  });
  cdn.on('GET', '/signed/layer', (req, res) => serveBytes(req, res, layer.bytes));
  return { reg, cdn, image, path };
}

test('a blob redirected to another host is fetched without the Authorization header', async () => {
  const { reg, cdn, image, path } = await withCdn();
  const { client } = testClient();
  const resolved = await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.deepEqual(await collect(client.openBlob(resolved.source, resolved.layers[0]!)), image.layers[0]!.bytes);
  const toRegistry = reg.server.requestsTo(path);
  assert.match(toRegistry.at(-1)!.headers.authorization ?? '', /^Bearer /, 'the registry gets the token');
  assert.equal(cdn.requests.length, 1);
  assert.equal(cdn.requests[0]!.headers.authorization, undefined, 'the CDN never does');
});

test('a download cut at the CDN resumes through the registry with Range', async () => {
  const { reg, cdn, image, path } = await withCdn();
  const body = image.layers[0]!.bytes;
  cdn.once('GET', '/signed/layer', (_req, res) => truncate(res, body, 1500));
  const { client } = testClient();
  const resolved = await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.deepEqual(await collect(client.openBlob(resolved.source, resolved.layers[0]!)), body);
  assert.equal(cdn.requests.length, 2);
  assert.match(cdn.requests[1]!.headers.range ?? '', /^bytes=\d+-$/);
  assert.equal(reg.server.requestsTo(path).at(-1)!.headers.range, cdn.requests[1]!.headers.range);
});

test('an expired signed URL (403 at the CDN) is retried from the registry', async () => {
  const { reg, cdn, image } = await withCdn();
  cdn.once('GET', '/signed/layer', (_req, res) => {
    res.writeHead(403);
    res.end('<Error>Request has expired</Error>');
  });
  const { client, sleeps } = testClient();
  const resolved = await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.deepEqual(await collect(client.openBlob(resolved.source, resolved.layers[0]!)), image.layers[0]!.bytes);
  assert.equal(sleeps.length, 1);
});

test('a same-origin redirect keeps the Authorization header', async () => {
  const reg = await FakeRegistry.start({ auth: 'basic', users: [{ username: 'u', password: 'p' }] });
  closers.push(() => reg.server.close());
  const image = makeImage();
  reg.pushImage('x/y', image, ['latest']);
  const layer = image.layers[1]!;
  reg.server.on('GET', `/v2/x/y/blobs/${layer.digest}`, (_req, res) => {
    res.writeHead(302, { location: `/storage/${layer.digest}` });
    res.end();
  });
  reg.server.on('GET', `/storage/${layer.digest}`, (req, res) => serveBytes(req, res, layer.bytes));
  const { client } = testClient({ credentials: () => ({ username: 'u', password: 'p' }) });
  const resolved = await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.deepEqual(await collect(client.openBlob(resolved.source, resolved.layers[1]!)), layer.bytes);
  assert.match(reg.server.requestsTo(`/storage/${layer.digest}`)[0]!.headers.authorization ?? '', /^Basic /);
});

test('more than 10 redirects is a protocol error', async () => {
  const reg = await FakeRegistry.start();
  closers.push(() => reg.server.close());
  reg.server.on('GET', /^\/loop\//, (req, res) => {
    const n = Number(req.url!.split('/')[2]) + 1;
    res.writeHead(302, { location: `/loop/${n}` });
    res.end();
  });
  reg.server.on('GET', '/v2/x/manifests/latest', (_req, res) => {
    res.writeHead(301, { location: '/loop/0' });
    res.end();
  });
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`)));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL');
  assert.match(err.message, /more than 10 redirects/);
  assert.equal(reg.server.requestsTo(/^\/loop\//).length, 10);
});

// ---- TLS ------------------------------------------------------------------

/** A self-signed certificate for ::1, or why the TLS tests cannot run here (decided before the tests register). */
async function makeTls(): Promise<{ key: string; cert: string } | string> {
  try {
    await (await FaultServer.start({ bind: '::1' })).close();
  } catch (err) {
    return `no IPv6 loopback: ${(err as Error).message}`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'reg-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:::1,DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (err) {
    return `openssl unavailable: ${(err as Error).message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tlsOrReason = await makeTls();
const tls = typeof tlsOrReason === 'string' ? undefined : tlsOrReason;
const tlsSkip = typeof tlsOrReason === 'string' ? tlsOrReason : false;

async function tlsRegistry(): Promise<FakeRegistry> {
  const server = await start(await FaultServer.start({ bind: '::1', tls: tls! }));
  return new FakeRegistry(server);
}

test('a registry with an untrusted certificate is REGISTRY_UNREACHABLE with the insecure-registries hint', { skip: tlsSkip }, async () => {
  const reg = await tlsRegistry();
  reg.pushImage('x', makeImage(), ['latest']);
  const { client, sleeps } = testClient();
  const err = await failure(() => client.resolve(parseReference(`${reg.host}/x`)));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_UNREACHABLE', String(err));
  assert.match(err.message, /certificate signed by unknown authority/);
  assert.match(err.hint ?? '', /certs\.d\/.*\/ca\.crt.*to "insecure-registries"/);
  assert.deepEqual(sleeps, []);
});

test('an insecure registry over https skips certificate checks and stays on https', { skip: tlsSkip }, async () => {
  const reg = await tlsRegistry();
  const image = makeImage();
  reg.pushImage('x', image, ['latest']);
  const { client } = testClient({ config: { insecureRegistries: [reg.host] } });
  const resolved = await client.resolve(parseReference(`${reg.host}/x`));
  assert.equal(resolved.manifestDigest, image.manifest.digest);
  assert.equal(resolved.source.endpoint.url, `https://${reg.host}`);
  assert.deepEqual(await collect(client.openBlob(resolved.source, resolved.layers[0]!)), image.layers[0]!.bytes);
});

test('a redirect from https to plain http on a secure host is refused', { skip: tlsSkip }, async () => {
  const reg = await tlsRegistry();
  const plain = await start(await FaultServer.start({ bind: '::1' }));
  const image = makeImage();
  reg.pushImage('x', image, ['latest']);
  const layer = image.layers[0]!;
  reg.server.on('GET', `/v2/x/blobs/${layer.digest}`, (_req, res) => {
    res.writeHead(302, { location: `${plain.url}/layer` });
    res.end();
  });
  plain.on('GET', '/layer', (req, res) => serveBytes(req, res, layer.bytes));
  const { client } = testClient({ config: { insecureRegistries: [reg.host] } });
  const resolved = await client.resolve(parseReference(`${reg.host}/x`));
  const { infos, onRetry } = retryLog();
  const err = await failure(() => collect(client.openBlob(resolved.source, resolved.layers[0]!, { onRetry })));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL');
  assert.match(err.message, /refusing a redirect from https to plain http/);
  assert.equal(plain.requests.length, 0);
  assert.equal(infos.length, 0);
});
