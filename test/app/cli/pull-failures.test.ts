// Failures a real registry cannot produce, seen through the CLI: each is one
// clear line, a non-zero exit, and nothing kept in the store.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultServer } from '../../engine/registry/fault-server.js';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, bigLayer } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { makeTestEnv, runCli } from '../../support/tscontain-cli.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function storeIsEmpty(root: string): Promise<void> {
  assert.deepEqual(await readdir(join(root, 'images')), []);
  assert.deepEqual(await readdir(join(root, 'layers')), []);
  assert.deepEqual(await readdir(join(root, 'tmp')), []);
}

test('rate limited: says when to retry', async () => {
  const server = await FaultServer.start();
  cleanups.push(() => server.close());
  server.on('GET', '/v2/', (_req, res) => void res.writeHead(200).end('{}'));
  server.on('GET', /\/manifests\//, (_req, res) => {
    res.writeHead(429, { 'retry-after': String(2 * 3600), 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] }));
  });
  const env = await makeTestEnv();
  const result = await runCli(['pull', `${server.host}/library/busybox`], env.env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: .*rate limit.*\n$/i);
  assert.match(result.stderr, /retry/i);
});

test('a corrupted blob is a digest mismatch and nothing is stored', async () => {
  const image = buildImage({ layers: [[{ name: 'a', type: 'file', body: 'the real content' }]] });
  const layer = image.layers[0]!;
  const server = await FaultServer.start();
  cleanups.push(() => server.close());
  server.on('GET', '/v2/', (_req, res) => void res.writeHead(200).end('{}'));
  server.on('GET', '/v2/bad/blob/manifests/latest', (_req, res) => {
    res.writeHead(200, { 'content-type': image.manifestMediaType, 'docker-content-digest': image.manifestDigest }).end(image.manifest);
  });
  server.on('GET', `/v2/bad/blob/blobs/${image.configDigest}`, (_req, res) => void res.writeHead(200).end(image.config));
  server.on('GET', `/v2/bad/blob/blobs/${layer.digest}`, (_req, res) => {
    const corrupted = Buffer.from(layer.blob);
    corrupted[corrupted.length - 5] = corrupted[corrupted.length - 5]! ^ 0xff;
    res.writeHead(200, { 'content-length': corrupted.length }).end(corrupted);
  });
  const env = await makeTestEnv();
  const result = await runCli(['pull', `${server.host}/bad/blob`], env.env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Error: .*digest mismatch.*\n$/);
  await storeIsEmpty(env.root);
});

test('a full disk is one clear line and leaves no partial layer', { skip: registrySkipReason() }, async () => {
  const registry: RegistryServer = await startRegistry();
  cleanups.push(() => registry.stop());
  const image = buildImage({ layers: [bigLayer(6_000_000, 'disk-full')] });
  await pushImage(image, { registry: registry.host, repository: 'big/one', tags: ['latest'] });
  const small = await mkdtemp(join(tmpdir(), 'tsc-small-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0755', 'tmpfs', small]);
  cleanups.push(async () => void execFileSync('umount', [small]));
  const env = await makeTestEnv();
  const root = join(small, 'root');
  const result = await runCli(['pull', `${registry.host}/big/one`], { ...env.env, TSCONTAIN_ROOT: root });
  assert.equal(result.code, 1);
  // The blob's copy or the helper's files, whichever meets the full disk first.
  assert.match(result.stderr, /^Error: (keeping the layer blob: )?no space left on device.*; free some space/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  await storeIsEmpty(root);
});
