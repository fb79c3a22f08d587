// Aborting: before anything, while waiting for a response, while backing
// off (the default sleep), and while waiting for a download slot.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../../engine/reference/reference.js';
import { AbortedError } from '../../../engine/errors.js';
import { RegistryClient } from '../../../engine/registry/client.js';
import { defaultSleep } from '../../../engine/registry/retry.js';
import { FakeRegistry, makeImage } from './fake-registry.js';
import { collect, failure, testClient } from './helpers.js';

const servers: FakeRegistry[] = [];
after(async () => Promise.all(servers.map((s) => s.server.close())));

async function registry(): Promise<FakeRegistry> {
  const reg = await FakeRegistry.start();
  servers.push(reg);
  reg.pushImage('x', makeImage(), ['latest']);
  return reg;
}

async function timed(fn: () => Promise<unknown>): Promise<{ err: Error; ms: number }> {
  const started = Date.now();
  const err = await failure(fn);
  return { err, ms: Date.now() - started };
}

test('an already aborted signal rejects before any request', async () => {
  const reg = await registry();
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`), { signal: AbortSignal.abort() }));
  assert.ok(err instanceof AbortedError);
  assert.equal(reg.server.requests.length, 0);
});

test('aborting while the registry has not answered rejects promptly', async () => {
  const reg = await registry();
  reg.server.on('GET', '/v2/x/manifests/latest', () => undefined); // never answers
  const { err, ms } = await timed(() => testClient().client.resolve(parseReference(`${reg.host}/x`), { signal: AbortSignal.timeout(100) }));
  assert.ok(err instanceof AbortedError, String(err));
  assert.ok(ms < 1500, `${ms} ms`);
});

test('aborting during a Retry-After wait rejects promptly (default sleep)', async () => {
  const reg = await registry();
  reg.server.on('GET', '/v2/x/manifests/latest', (_req, res) => {
    res.writeHead(503, { 'retry-after': '30' });
    res.end();
  });
  const client = new RegistryClient({ config: { mirrors: [], insecureRegistries: [] } });
  const { err, ms } = await timed(() => client.resolve(parseReference(`${reg.host}/x`), { signal: AbortSignal.timeout(150) }));
  assert.ok(err instanceof AbortedError, String(err));
  assert.ok(ms < 1500, `${ms} ms`);
  client.close();
});

test('aborting while waiting for a download slot rejects promptly', async () => {
  const reg = await registry();
  const { client } = testClient({ config: { maxConcurrentDownloads: 1 } });
  const resolved = await client.resolve(parseReference(`${reg.host}/x`));
  const first = client.openBlob(resolved.source, resolved.layers[0]!)[Symbol.asyncIterator]();
  await first.next();
  const { err, ms } = await timed(() => collect(client.openBlob(resolved.source, resolved.layers[1]!, { signal: AbortSignal.timeout(50) })));
  assert.ok(err instanceof AbortedError);
  assert.ok(ms < 1500);
  await first.return?.();
  // The slot is free again.
  assert.ok((await collect(client.openBlob(resolved.source, resolved.layers[1]!))).length > 0);
});

test('defaultSleep resolves after the delay and rejects on abort', async () => {
  const started = Date.now();
  await defaultSleep(30);
  assert.ok(Date.now() - started >= 25);
  await assert.rejects(defaultSleep(10_000, AbortSignal.timeout(20)), AbortedError);
  await assert.rejects(defaultSleep(10, AbortSignal.abort()), AbortedError);
});
