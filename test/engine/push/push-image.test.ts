// Push round trips against the real registry (Debian's docker-registry on
// loopback): push a pulled image elsewhere and pull it back into a fresh
// store with the same image ID and manifest digest; again (every layer
// exists); to a second repository (mounted); in chunks; with a layer whose
// blob is gone (remade from diff/); behind token auth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, readFile, readlink, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, bigLayer } from '../../support/image-builder.js';
import { pushImage as seedImage } from '../../support/registry-push.js';
import { StoreLayout } from '../../../engine/store/layout.js';
import { RegistryClient, type Credentials } from '../../../engine/registry/client.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { pullImage } from '../../../engine/pull/pull-image.js';
import { pushImage } from '../../../engine/push/push-image.js';
import { tagImage } from '../../../engine/images/tag-image.js';
import { getImage } from '../../../engine/store/images.js';
import { RegistryError } from '../../../engine/errors.js';
import type { PushEvent, PushLayerProgress } from '../../../engine/push/push-events.js';
import { featureLayers } from '../pull/layers-fixture.js';
import { freshLayout } from '../../support/store-fixture.js';

const skip = registrySkipReason();
let source: RegistryServer;
let target: RegistryServer;

before(async () => {
  if (skip) return;
  [source, target] = await Promise.all([startRegistry(), startRegistry()]);
});
after(async () => Promise.all([source?.stop(), target?.stop()]));

function client(creds?: Credentials): RegistryClient {
  return new RegistryClient({ config: { mirrors: [], insecureRegistries: ['127.0.0.0/8'] }, credentials: () => creds });
}

function layerStates(events: PushEvent[]): string[] {
  const last = new Map<string, PushLayerProgress>();
  for (const e of events) if (e.type === 'layer') last.set(e.digest, e);
  return [...last.values()].map((e) => (e.state === 'mounted' ? `mounted from ${e.from}` : e.state));
}

/** A store holding `image`, pulled from the source registry as `repo:v1`. */
async function storeWith(image: ReturnType<typeof buildImage>, repo: string): Promise<StoreLayout> {
  await seedImage(image, { registry: source.host, repository: repo, tags: ['v1'] });
  const layout = await freshLayout('tsc-push-');
  await pullImage(layout, client(), parseReference(`${source.host}/${repo}:v1`));
  return layout;
}

test('a pulled image pushed elsewhere pulls back with the same ID and digest; again: every layer exists; elsewhere: mounted', { skip }, async () => {
  const image = buildImage({ layers: featureLayers, config: { Cmd: ['sh'] } });
  const layout = await storeWith(image, 'test/round');
  await tagImage(layout, `${source.host}/test/round:v1`, `${target.host}/test/dst:v1`);

  const events: PushEvent[] = [];
  const result = await pushImage(layout, client(), `${target.host}/test/dst:v1`, { onEvent: (e) => events.push(e) });
  assert.equal(result.digest, image.manifestDigest, 'the original manifest bytes went up');
  assert.deepEqual(layerStates(events), ['pushed', 'pushed', 'pushed']);
  assert.deepEqual(events[0], { type: 'start', repository: `${target.host}/test/dst`, tag: 'v1' });
  assert.ok(events.some((e) => e.type === 'layer' && e.state === 'pushing'));
  assert.deepEqual(events.at(-1), { type: 'complete', tag: 'v1', digest: image.manifestDigest, size: image.manifest.length, mediaType: image.manifestMediaType });
  assert.ok((await getImage(layout, image.configDigest))!.repoDigests.includes(`${target.host}/test/dst@${image.manifestDigest}`));

  const fresh = await freshLayout('tsc-push-');
  const pulled = await pullImage(fresh, client(), parseReference(`${target.host}/test/dst:v1`));
  assert.equal(pulled.id, image.configDigest);
  assert.equal(pulled.manifestDigest, image.manifestDigest);

  const again: PushEvent[] = [];
  await pushImage(layout, client(), `${target.host}/test/dst:v1`, { onEvent: (e) => again.push(e) });
  assert.deepEqual(layerStates(again), ['exists', 'exists', 'exists']);

  await tagImage(layout, `${target.host}/test/dst:v1`, `${target.host}/test/second:latest`);
  const mounted: PushEvent[] = [];
  const second = await pushImage(layout, client(), `${target.host}/test/second`, { onEvent: (e) => mounted.push(e) });
  assert.equal(second.tag, 'latest');
  assert.deepEqual(layerStates(mounted), ['mounted from test/dst', 'mounted from test/dst', 'mounted from test/dst']);
  const log = await readFile(target.logFile, 'utf8');
  assert.match(log, /POST \/v2\/test\/second\/blobs\/uploads\/\?[^"]*mount=/);
});

test('big blobs go up in PATCH chunks and pull back intact', { skip }, async () => {
  const image = buildImage({ layers: [bigLayer(700 * 1024, 'chunks')], compression: 'gzip' });
  const layout = await storeWith(image, 'test/chunky');
  await tagImage(layout, `${source.host}/test/chunky:v1`, `${target.host}/test/chunky:v1`);
  const progress: number[] = [];
  await pushImage(layout, client(), `${target.host}/test/chunky:v1`, {
    chunkSize: 128 * 1024,
    onEvent: (e) => { if (e.type === 'layer' && e.state === 'pushing') progress.push(e.done); },
  });
  const patches = (await readFile(target.logFile, 'utf8')).split('\n').filter((l) => /"PATCH \/v2\/test\/chunky\/blobs\/uploads\//.test(l));
  const blobSize = image.layers[0]!.size;
  assert.equal(patches.length, Math.ceil(blobSize / (128 * 1024)), `one PATCH per 128 KiB of ${blobSize} bytes`);
  const fresh = await freshLayout('tsc-push-');
  const pulled = await pullImage(fresh, client(), parseReference(`${target.host}/test/chunky:v1`));
  assert.equal(pulled.id, image.configDigest);
});

test('a layer whose blob is gone is remade from diff/ with whiteouts, opaque dirs and links', { skip }, async () => {
  const image = buildImage({ layers: featureLayers });
  const layout = await storeWith(image, 'test/remade');
  for (const layer of image.layers) await unlink(layout.blobPath(layer.digest));
  await tagImage(layout, `${source.host}/test/remade:v1`, `${target.host}/test/remade:v1`);
  const events: PushEvent[] = [];
  const result = await pushImage(layout, client(), `${target.host}/test/remade:v1`, { onEvent: (e) => events.push(e) });
  assert.notEqual(result.digest, image.manifestDigest, 'a new manifest for the remade blobs');
  assert.deepEqual(layerStates(events), ['pushed', 'pushed', 'pushed']);

  const fresh = await freshLayout('tsc-push-');
  const pulled = await pullImage(fresh, client(), parseReference(`${target.host}/test/remade:v1`));
  const top = fresh.layerDiffDir(pulled.layers[2]!.chainId);
  const middle = fresh.layerDiffDir(pulled.layers[1]!.chainId);
  const whiteout = await lstat(join(top, 'data', 'remove-me.txt'));
  assert.ok(whiteout.isCharacterDevice() && whiteout.rdev === 0, 'whiteout survives');
  assert.equal(execFileSync('getfattr', ['--absolute-names', '--only-values', '-n', 'trusted.overlay.opaque', join(top, 'cache')], { encoding: 'utf8' }), 'y');
  assert.equal((await stat(join(top, 'links', 'hard'))).ino, (await stat(join(top, 'links', 'target'))).ino);
  assert.equal(await readlink(join(top, 'links', 'abs-symlink')), '/etc/passwd');
  assert.equal((await lstat(join(top, 'links', 'null'))).rdev, (1 << 8) | 3);
  assert.equal(execFileSync('getfattr', ['--absolute-names', '--only-values', '-n', 'user.tscontain', join(top, 'xattr-file')], { encoding: 'utf8' }), 'hello');
  const suid = await lstat(join(middle, 'suid-tool'));
  assert.equal(suid.mode & 0o7777, 0o4755);
  const owned = await lstat(join(middle, 'owned'));
  assert.deepEqual([owned.uid, owned.gid, owned.mode & 0o777], [1234, 5678, 0o640]);
  assert.equal(await readFile(join(top, 'deep', ...Array(8).fill('long-directory-name'), 'file.txt'), 'utf8'), 'long path');
});

test('token auth: push with pull,push scope and mounts; bad credentials are one clear error', { skip }, async () => {
  const users = [{ username: 'alice', password: 'wonderland' }];
  const secured = await startRegistry({ auth: 'token', users });
  try {
    const image = buildImage({ layers: [featureLayers[0]!] });
    const layout = await storeWith(image, 'test/tokened');
    await tagImage(layout, `${source.host}/test/tokened:v1`, `${secured.host}/team/app:v1`);
    await tagImage(layout, `${source.host}/test/tokened:v1`, `${secured.host}/team/copy:v1`);

    const denied = await pushImage(layout, client({ username: 'alice', password: 'wrong' }), `${secured.host}/team/app:v1`).then(() => undefined, (e: unknown) => e);
    assert.ok(denied instanceof RegistryError && denied.code === 'AUTH_DENIED', String(denied));
    assert.match(denied.message, /refused the credentials/);
    assert.ok(!denied.message.includes('\n'));
    const anonymous = await pushImage(layout, client(), `${secured.host}/team/app:v1`).then(() => undefined, (e: unknown) => e);
    assert.ok(anonymous instanceof RegistryError && anonymous.code === 'AUTH_DENIED');
    assert.match(anonymous.message, /denied: requested access to the resource is denied/);

    const events: PushEvent[] = [];
    const result = await pushImage(layout, client(users[0]), `${secured.host}/team/app:v1`, { onEvent: (e) => events.push(e) });
    assert.equal(result.digest, image.manifestDigest);
    assert.deepEqual(layerStates(events), ['pushed']);
    const copy: PushEvent[] = [];
    await pushImage(layout, client(users[0]), `${secured.host}/team/copy:v1`, { onEvent: (e) => copy.push(e) });
    assert.deepEqual(layerStates(copy), ['mounted from team/app']);
    assert.ok(secured.token!.log.some((r) => r.scopes.includes('repository:team/copy:pull,push') && r.scopes.includes('repository:team/app:pull')));
  } finally {
    await secured.stop();
  }
});
