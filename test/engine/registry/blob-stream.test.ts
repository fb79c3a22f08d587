// Layer blobs as verified streams: resume with Range after a cut, refuse a
// server that ignores Range, catch corrupted and oversized blobs, stalls,
// 404s, aborts, and the client-wide download limit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseReference } from '../../../engine/reference/reference.js';
import { AbortedError, DigestMismatchError, RegistryError, SizeMismatchError } from '../../../engine/errors.js';
import type { ResolvedImage } from '../../../engine/registry/client.js';
import { serveBytes, stall, truncate } from './fault-server.js';
import { FakeRegistry, makeImage, type TestImage } from './fake-registry.js';
import { collect, failure, retryLog, testClient, type TestClient } from './helpers.js';

const servers: FakeRegistry[] = [];
after(async () => Promise.all(servers.map((s) => s.server.close())));

interface Setup {
  reg: FakeRegistry;
  image: TestImage;
  resolved: ResolvedImage;
  tc: TestClient;
  path: string;
  body: Buffer;
}

async function setup(clientOpts: Parameters<typeof testClient>[0] = {}): Promise<Setup> {
  const reg = await FakeRegistry.start();
  servers.push(reg);
  const image = makeImage({ layers: [randomBytes(200_000), randomBytes(100)] });
  reg.pushImage('x/y', image, ['latest']);
  const tc = testClient(clientOpts);
  const resolved = await tc.client.resolve(parseReference(`${reg.host}/x/y`));
  const layer = image.layers[0]!;
  return { reg, image, resolved, tc, path: `/v2/x/y/blobs/${layer.digest}`, body: layer.bytes };
}

test('streams a blob, reporting progress up to its size', async () => {
  const s = await setup();
  const progress: number[] = [];
  const data = await collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!, { onProgress: (n) => progress.push(n) }));
  assert.deepEqual(data, s.body);
  assert.equal(progress.at(-1), s.body.length);
  assert.ok(progress.every((n, i) => i === 0 || n > progress[i - 1]!), 'progress only grows');
});

test('a download cut mid-stream resumes with Range: bytes=N- and a matching 206', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => truncate(res, s.body, 70_000));
  const { infos, onRetry } = retryLog();
  const data = await collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!, { onRetry }));
  assert.deepEqual(data, s.body);
  const requests = s.reg.server.requestsTo(s.path);
  assert.equal(requests.length, 2);
  assert.equal(requests[0]!.headers.range, undefined);
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1]!.headers.range ?? '')?.[1]);
  assert.ok(resumedAt >= 1 && resumedAt <= 70_000, `resumed at ${resumedAt}`);
  assert.equal(infos.length, 1);
  assert.match(infos[0]!.reason, /resuming at byte \d+/);
});

test('a blob that ends early without an error (short Content-Length) is resumed too', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' }); // no length: close-delimited
    res.end(s.body.subarray(0, 1234));
  });
  const data = await collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!));
  assert.deepEqual(data, s.body);
  assert.equal(s.reg.server.requestsTo(s.path)[1]!.headers.range, 'bytes=1234-');
});

test('a server that answers the Range request with 200 fails clearly: no restart from zero', async () => {
  const s = await setup();
  // Routes match newest first: the cut answers the first request, the full 200 the resume.
  s.reg.server.once('GET', s.path, (_req, res) => {
    res.writeHead(200, { 'content-length': s.body.length });
    res.end(s.body);
  });
  s.reg.server.once('GET', s.path, (_req, res) => truncate(res, s.body, 50_000));
  let received = 0;
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!), (n) => (received = n)));
  assert.ok(err instanceof RegistryError, String(err));
  assert.equal(err.code, 'REGISTRY_PROTOCOL');
  assert.match(err.message, /cannot resume blob .* at byte \d+: the server answered the Range request with HTTP 200/);
  assert.match(err.message, /cannot restart from zero/);
  assert.ok(received > 0 && received < s.body.length);
});

test('a 206 whose Content-Range starts elsewhere is refused', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => {
    res.writeHead(206, { 'content-range': `bytes 0-${s.body.length - 1}/${s.body.length}`, 'content-length': s.body.length });
    res.end(s.body);
  });
  s.reg.server.once('GET', s.path, (_req, res) => truncate(res, s.body, 40_000));
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!)));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL');
  assert.match(err.message, /Content-Range "bytes 0-\d+\/\d+" does not match/);
});

test('resumes are bounded: a blob cut every time ends in SizeMismatchError', async () => {
  const s = await setup({ retry: { blobResumes: 2 } });
  s.reg.server.on('GET', s.path, (req, res) => {
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const rest = s.body.subarray(start);
    if (start > 0) res.writeHead(206, { 'content-range': `bytes ${start}-${s.body.length - 1}/${s.body.length}`, 'content-length': rest.length });
    else res.writeHead(200, { 'content-length': rest.length });
    res.write(rest.subarray(0, 1000), () => setTimeout(() => res.socket?.destroy(), 10));
  });
  const { infos, onRetry } = retryLog();
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!, { onRetry })));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_UNREACHABLE', String(err));
  assert.match(err.message, /the download of blob sha256:[0-9a-f]{64} broke 3 times, last at byte \d+ of 200\d{3}/);
  assert.equal(infos.length, 2);
  assert.equal(s.reg.server.requestsTo(s.path).length, 3);
});

test('a corrupted blob of the right size is a DigestMismatchError at the end', async () => {
  const s = await setup();
  const bad = Buffer.from(s.body);
  bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0xff, bad.length - 1);
  s.reg.server.once('GET', s.path, (req, res) => serveBytes(req, res, bad));
  let received = 0;
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!), (n) => (received = n)));
  assert.ok(err instanceof DigestMismatchError, String(err));
  assert.equal(err.fields.expected, s.image.layers[0]!.digest);
  assert.equal(received, s.body.length);
});

test('an oversized blob fails as soon as it passes the size, before the excess is handed on', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked, no length
    res.write(s.body);
    res.write(randomBytes(50_000));
    // never ends: the client must stop on its own
  });
  let received = 0;
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!), (n) => (received = n)));
  assert.ok(err instanceof SizeMismatchError, String(err));
  assert.ok(received <= s.body.length, `received ${received} of ${s.body.length}`);
});

test('a Content-Length that disagrees with the descriptor fails before any byte', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => {
    res.writeHead(200, { 'content-length': s.body.length + 10 });
    res.end(Buffer.concat([s.body, Buffer.alloc(10)]));
  });
  let received = 0;
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!), (n) => (received = n)));
  assert.ok(err instanceof SizeMismatchError);
  assert.equal(err.fields.actual, s.body.length + 10);
  assert.equal(received, 0);
});

test('a stalled download times out and resumes', async () => {
  const s = await setup({ retry: { timeoutMs: 300 } });
  s.reg.server.once('GET', s.path, (_req, res) => stall(res, s.body, 10_000));
  const { infos, onRetry } = retryLog();
  const data = await collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!, { onRetry }));
  assert.deepEqual(data, s.body);
  assert.match(infos[0]!.reason, /stalled/);
  assert.equal(s.reg.server.requestsTo(s.path)[1]!.headers.range, 'bytes=10000-');
});

test('a slow consumer is not mistaken for a stalled server', async () => {
  const s = await setup({ retry: { timeoutMs: 250 } });
  const chunks: Buffer[] = [];
  for await (const chunk of s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!)) {
    chunks.push(Buffer.from(chunk));
    if (chunks.length === 1) await new Promise((r) => setTimeout(r, 700));
  }
  assert.deepEqual(Buffer.concat(chunks), s.body);
  assert.equal(s.reg.server.requestsTo(s.path).length, 1);
});

test('a missing blob is BLOB_UNKNOWN', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] }));
  });
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!)));
  assert.ok(err instanceof RegistryError && err.code === 'BLOB_UNKNOWN');
  assert.match(err.message, /blob sha256:[0-9a-f]{64} of .*x\/y not found.*: blob unknown to registry/);
});

test('aborting mid-stream rejects with AbortedError promptly', async () => {
  const s = await setup();
  s.reg.server.once('GET', s.path, (_req, res) => stall(res, s.body, 5000));
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 50);
  const err = await failure(() => collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!, { signal: controller.signal })));
  assert.ok(err instanceof AbortedError, String(err));
  assert.ok(Date.now() - started < 2000);
});

test('maxConcurrentDownloads bounds the streams open at once', async () => {
  const s = await setup({ config: { maxConcurrentDownloads: 1 } });
  const order: string[] = [];
  const a = s.tc.client.openBlob(s.resolved.source, s.resolved.layers[0]!)[Symbol.asyncIterator]();
  await a.next(); // first stream holds the only slot
  order.push('a started');
  const b = collect(s.tc.client.openBlob(s.resolved.source, s.resolved.layers[1]!)).then(() => order.push('b done'));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(order, ['a started'], 'b waits for a slot');
  while (!(await a.next()).done);
  order.push('a done');
  await b;
  assert.deepEqual(order, ['a started', 'a done', 'b done']);
});

test('openBlob refuses a descriptor with an invalid digest before any request', async () => {
  const s = await setup();
  const before = s.reg.server.requests.length;
  assert.throws(() => s.tc.client.openBlob(s.resolved.source, { mediaType: 'application/octet-stream', digest: 'sha256:../../etc', size: 1 }), RegistryError);
  assert.equal(s.reg.server.requests.length, before);
});
