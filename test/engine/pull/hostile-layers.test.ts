// Hostile images are normal input: every layer that tries to write outside
// its directory fails the pull, and nothing is written outside or kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { registrySkipReason } from '../../support/registry-server.js';
import { fileRegistry, freshLayout, loopbackClient } from '../../support/store-fixture.js';
import { buildImage } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import type { TarEntry } from '../../support/tar-writer.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { pullImage } from '../../../engine/pull/pull-image.js';
import { HelperError } from '../../../engine/errors.js';
import { listImages } from '../../../engine/store/images.js';

const skip = registrySkipReason();
const registry = fileRegistry();

async function expectRefused(name: string, layer: (outside: string) => TarEntry[]): Promise<void> {
  const outside = await mkdtemp(join(tmpdir(), 'tsc-outside-'));
  const layout = await freshLayout('tsc-hostile-');
  const image = buildImage({ layers: [[{ name: 'ok', type: 'file', body: 'fine' }], layer(outside)] });
  await pushImage(image, { registry: registry.host, repository: `hostile/${name}`, tags: ['latest'] });
  await assert.rejects(pullImage(layout, loopbackClient(), parseReference(`${registry.host}/hostile/${name}`)), (err: unknown) => {
    assert.ok(err instanceof HelperError, `expected a HelperError, got ${String(err)}`);
    assert.equal(err.code, 'UNSAFE_LAYER');
    return true;
  });
  assert.deepEqual(await readdir(outside), [], 'nothing written outside');
  assert.deepEqual(await listImages(layout), [], 'no image recorded');
  assert.deepEqual(await readdir(layout.tmpDir), [], 'no scratch kept');
  // The harmless first layer may be complete and kept; the hostile one never is.
  assert.ok((await readdir(layout.layersDir)).length <= 1);
}

test('CVE-2018-15664 / CVE-2019-10152: a relative name climbing out with ..', { skip }, async () => {
  await expectRefused('dotdot', (outside) => [{ name: `../../../../../../../..${outside}/escaped`, type: 'file', body: 'x' }]);
});

test('an absolute name is refused, not rewritten', { skip }, async () => {
  await expectRefused('absolute', (outside) => [{ name: `${outside}/escaped`, type: 'file', body: 'x' }]);
});

test('a name that climbs out midway (a/../../x)', { skip }, async () => {
  await expectRefused('midway', (outside) => [{ name: `a/../../${relative('/', outside)}/x`, type: 'file', body: 'x' }]);
});

test('CVE-2021-32760 (containerd): writing through a symlink that points outside', { skip }, async () => {
  await expectRefused('symlink-escape', (outside) => [
    { name: 'evil', type: 'symlink', linkname: outside },
    { name: 'evil/escaped', type: 'file', body: 'x' },
  ]);
});

test('umoci-style: a symlink to .. then a write through it', { skip }, async () => {
  await expectRefused('symlink-dotdot', () => [
    { name: 'up', type: 'symlink', linkname: '../../../../../../../..' },
    { name: 'up/tmp/escaped', type: 'file', body: 'x' },
  ]);
});

test('a hardlink to a file outside the layer', { skip }, async () => {
  await expectRefused('hardlink-outside', () => [{ name: 'shadow', type: 'hardlink', linkname: '../../../../../../../../etc/shadow' }]);
});

test('a hardlink to an absolute host path', { skip }, async () => {
  await expectRefused('hardlink-absolute', () => [{ name: 'passwd', type: 'hardlink', linkname: '/etc/passwd' }]);
});

test('the host files the hostile layers aimed at are untouched', { skip }, async () => {
  await access('/etc/shadow');
  await assert.rejects(access('/tmp/escaped'));
});
