// Pulls from a real registry (Debian's docker-registry on loopback) into a
// fresh store, then checks the store and an overlay mount of the layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registrySkipReason } from '../../support/registry-server.js';
import { buildImage, buildIndex } from '../../support/image-builder.js';
import { pushImage, pushIndex } from '../../support/registry-push.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { pullImage } from '../../../engine/pull/pull-image.js';
import { readNames, listImages } from '../../../engine/store/images.js';
import { listLayers } from '../../../engine/store/layers.js';
import { PlatformNotFoundError } from '../../../engine/errors.js';
import type { PullEvent } from '../../../engine/pull/pull-events.js';
import { featureLayers } from './layers-fixture.js';
import { fileRegistry, freshLayout, loopbackClient } from '../../support/store-fixture.js';

const skip = registrySkipReason();
const registry = fileRegistry();

test('pulls a multi-layer image with every entry kind, in overlay form', { skip }, async () => {
  const image = buildImage({ layers: featureLayers, config: { Cmd: ['sh'] } });
  await pushImage(image, { registry: registry.host, repository: 'test/features', tags: ['v1'] });
  const layout = await freshLayout('tsc-pull-');
  const events: PullEvent[] = [];
  const record = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/features:v1`), { onEvent: (e) => events.push(e) });

  assert.equal(record.id, image.configDigest);
  assert.equal(record.manifestDigest, image.manifestDigest);
  assert.deepEqual(record.layers.map((l) => l.diffId), image.layers.map((l) => l.diffId));
  assert.deepEqual(await readNames(layout), { [`${registry.host}/test/features:v1`]: image.configDigest });
  assert.equal(events.filter((e) => e.type === 'layer' && e.state === 'done').length, 3);
  assert.ok(events.some((e) => e.type === 'layer' && e.state === 'downloading' && e.done > 0));

  const top = layout.layerDiffDir(record.layers[2]!.chainId);
  const middle = layout.layerDiffDir(record.layers[1]!.chainId);
  const whiteout = await lstat(join(top, 'data', 'remove-me.txt'));
  assert.ok(whiteout.isCharacterDevice() && whiteout.rdev === 0, 'whiteout is char 0:0');
  assert.equal(xattr(join(top, 'cache'), 'trusted.overlay.opaque'), 'y');
  const hard = await stat(join(top, 'links', 'hard'));
  assert.equal(hard.ino, (await stat(join(top, 'links', 'target'))).ino);
  assert.equal(await readlink(join(top, 'links', 'abs-symlink')), '/etc/passwd');
  assert.ok((await lstat(join(top, 'links', 'fifo'))).isFIFO());
  assert.equal((await lstat(join(top, 'links', 'null'))).rdev, (1 << 8) | 3);
  assert.equal(xattr(join(top, 'xattr-file'), 'user.tscontain'), 'hello');
  const suid = await lstat(join(middle, 'suid-tool'));
  assert.equal(suid.mode & 0o7777, 0o4755);
  const owned = await lstat(join(middle, 'owned'));
  assert.deepEqual([owned.uid, owned.gid, owned.mode & 0o777], [1234, 5678, 0o640]);
  assert.deepEqual(await readdir(layout.tmpDir), [], 'no scratch left');

  // Pulling again downloads nothing.
  const again: PullEvent[] = [];
  await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/features:v1`), { onEvent: (e) => again.push(e) });
  assert.equal(again.filter((e) => e.type === 'layer' && e.state === 'exists').length, 3);
  assert.ok(again.some((e) => e.type === 'complete' && !e.downloaded));
});

test('the layers mount as an overlay with whiteouts and opaque dirs honoured', { skip }, async () => {
  const image = buildImage({ layers: featureLayers });
  await pushImage(image, { registry: registry.host, repository: 'test/overlay', tags: ['latest'] });
  const layout = await freshLayout('tsc-pull-');
  const record = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/overlay`));
  const lowers = record.layers.map((l) => layout.layerDiffDir(l.chainId)).reverse().join(':');
  const mnt = await mkdtemp(join(tmpdir(), 'tsc-mnt-'));
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lowers}`, mnt]);
  try {
    assert.equal(await readFile(join(mnt, 'data', 'keep.txt'), 'utf8'), 'kept\n');
    await assert.rejects(lstat(join(mnt, 'data', 'remove-me.txt')), { code: 'ENOENT' });
    assert.deepEqual((await readdir(join(mnt, 'cache'))).sort(), ['new']);
    assert.equal(await readFile(join(mnt, 'links', 'rel-symlink'), 'utf8'), 'kept\n');
    assert.ok((await stat(join(mnt, 'bin', 'busybox'))).isFile());
  } finally {
    execFileSync('umount', [mnt]);
  }
});

test('zstd and uncompressed layers, Docker media types', { skip }, async () => {
  for (const [format, compression] of [['oci', 'zstd'], ['oci', 'none'], ['docker', 'gzip']] as const) {
    const image = buildImage({ layers: featureLayers.slice(1), format, compression });
    const repo = `test/${format}-${compression}`;
    await pushImage(image, { registry: registry.host, repository: repo, tags: ['1'] });
    const layout = await freshLayout('tsc-pull-');
    const record = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/${repo}:1`));
    assert.equal(record.manifestMediaType, image.manifestMediaType);
    assert.equal((await listLayers(layout)).length, 2, `${format}/${compression}`);
  }
});

test('a multi-platform index: the host platform by default, --platform on request', { skip }, async () => {
  const amd64 = buildImage({ layers: [[{ name: 'arch', type: 'file', body: 'amd64' }]], platform: { os: 'linux', architecture: 'amd64' } });
  const arm64 = buildImage({ layers: [[{ name: 'arch', type: 'file', body: 'arm64' }]], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
  const index = buildIndex([amd64, arm64], 'oci', { attestations: true });
  await pushIndex(index, { registry: registry.host, repository: 'test/multi', tags: ['latest'] });
  const ref = parseReference(`${registry.host}/test/multi`);
  const layout = await freshLayout('tsc-pull-');

  const host = await pullImage(layout, loopbackClient(), ref);
  const hostArch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  assert.equal(host.architecture, hostArch);
  assert.equal(host.indexDigest, index.manifestDigest);
  assert.deepEqual(host.repoDigests, [`${registry.host}/test/multi@${index.manifestDigest}`]);

  const arm = await pullImage(layout, loopbackClient(), ref, { platform: { os: 'linux', architecture: 'arm64' } });
  assert.equal(arm.id, arm64.configDigest);
  const diff = layout.layerDiffDir(arm.layers[0]!.chainId);
  assert.equal(await readFile(join(diff, 'arch'), 'utf8'), 'arm64');
  // The name now points at the arm64 image; the amd64 one is kept, nameless.
  assert.equal((await readNames(layout))[`${registry.host}/test/multi:latest`], arm64.configDigest);
  assert.equal((await listImages(layout)).length, 2);

  await assert.rejects(pullImage(layout, loopbackClient(), ref, { platform: { os: 'linux', architecture: 's390x' } }), PlatformNotFoundError);
});

test('concurrent pulls of one image in one store both succeed and share layers', { skip }, async () => {
  const image = buildImage({ layers: featureLayers });
  await pushImage(image, { registry: registry.host, repository: 'test/concurrent', tags: ['latest'] });
  const layout = await freshLayout('tsc-pull-');
  const ref = parseReference(`${registry.host}/test/concurrent`);
  const [a, b] = await Promise.all([pullImage(layout, loopbackClient(), ref), pullImage(layout, loopbackClient(), ref)]);
  assert.equal(a.id, b.id);
  assert.equal((await listLayers(layout)).length, 3);
  assert.deepEqual(await readdir(layout.tmpDir), []);
});

function xattr(path: string, name: string): string | undefined {
  try {
    return execFileSync('getfattr', ['--only-values', '-h', '-n', name, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
