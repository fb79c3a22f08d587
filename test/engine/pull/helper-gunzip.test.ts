// The helper gunzips and hashes layers itself (apply-layer --compression
// gzip): the diff_id it reports is checked, and every failure of that path
// leaves no layer and no scratch behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { registrySkipReason } from '../../support/registry-server.js';
import { buildImage, bigLayer } from '../../support/image-builder.js';
import { writeTar } from '../../support/tar-writer.js';
import { layerMediaType } from '../../support/media-types.js';
import { pushImage } from '../../support/registry-push.js';
import { StoreLayout } from '../../../engine/store/layout.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { pullImage } from '../../../engine/pull/pull-image.js';
import { listLayers } from '../../../engine/store/layers.js';
import { AbortedError, DigestMismatchError, HelperError } from '../../../engine/errors.js';
import { fileRegistry, freshLayout, loopbackClient } from '../../support/store-fixture.js';

const skip = registrySkipReason();
const registry = fileRegistry();

/** Nothing committed, nothing half-written: no layer, no image, no scratch. */
async function nothingKept(layout: StoreLayout): Promise<void> {
  assert.deepEqual(await listLayers(layout), []);
  assert.deepEqual(await readdir(join(layout.root, 'tmp')), []);
  assert.deepEqual(await readdir(join(layout.root, 'images')), []);
}

const smallTar = (seed: string) => writeTar([{ name: `f-${seed}`, type: 'file', body: Buffer.from(`content ${seed}\n`) }]);

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

test('concatenated gzip members and bytes after the tar end marker count in the diff_id', { skip }, async () => {
  // A tar followed by zero padding beyond its end marker, split over two gzip members.
  const tar = Buffer.concat([smallTar('a'), Buffer.alloc(4096)]);
  const blob = Buffer.concat([gzipSync(tar.subarray(0, 1000)), gzipSync(tar.subarray(1000))]);
  const built = buildImage({ layers: [tar] });
  const layer = { ...built.layers[0]!, blob, size: blob.length, digest: sha256(blob) };
  const manifestJson = JSON.parse(built.manifest.toString()) as { layers: { digest: string; size: number }[] };
  manifestJson.layers[0] = { ...manifestJson.layers[0]!, digest: layer.digest, size: layer.size };
  const manifest = Buffer.from(JSON.stringify(manifestJson));
  await pushImage({ ...built, layers: [layer], manifest, manifestDigest: sha256(manifest) }, { registry: registry.host, repository: 'gunzip/members', tags: ['v1'] });
  const layout = await freshLayout('tsc-gunzip-');
  const record = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/gunzip/members:v1`));
  assert.equal(record.layers[0]!.diffId, sha256(tar));
  assert.equal(record.layers[0]!.size, tar.length);
  assert.deepEqual(await readdir(join(layout.root, 'tmp')), []);
});

test('a diff_id that does not match the tar fails the pull and keeps nothing', { skip }, async () => {
  const wrong = `sha256:${'0'.repeat(64)}`;
  const image = buildImage({ layers: [smallTar('b')], extraConfig: { rootfs: { type: 'layers', diff_ids: [wrong] } } });
  await pushImage(image, { registry: registry.host, repository: 'gunzip/wrong-diffid', tags: ['v1'] });
  const layout = await freshLayout('tsc-gunzip-');
  const err = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/gunzip/wrong-diffid:v1`)).catch((e: unknown) => e);
  assert.ok(err instanceof DigestMismatchError, String(err));
  assert.match(err.message, /\(uncompressed\)/);
  assert.match(err.message, new RegExp(image.layers[0]!.diffId.slice(7, 19)));
  await nothingKept(layout);
});

test('a layer that claims gzip but is not is a bad layer, and nothing is kept', { skip }, async () => {
  const image = buildImage({ layers: [{ tar: smallTar('c'), compression: 'none', mediaType: layerMediaType('oci', 'gzip') }] });
  await pushImage(image, { registry: registry.host, repository: 'gunzip/not-gzip', tags: ['v1'] });
  const layout = await freshLayout('tsc-gunzip-');
  const err = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/gunzip/not-gzip:v1`)).catch((e: unknown) => e);
  assert.ok(err instanceof HelperError, String(err));
  assert.equal(err.code, 'BAD_LAYER');
  assert.match(err.message, /corrupt gzip stream/);
  await nothingKept(layout);
});

test('an abort in the middle of a layer leaves only scratch, which is removed', { skip }, async () => {
  // Progress events come at most every 100 ms: the layer must take far longer than that to
  // fetch and unpack, so the first event (which aborts) always lands in the middle of it.
  const image = buildImage({ layers: [bigLayer(60_000_000, 'abort-mid')] });
  await pushImage(image, { registry: registry.host, repository: 'gunzip/abort', tags: ['v1'] });
  const layout = await freshLayout('tsc-gunzip-');
  const controller = new AbortController();
  const err = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/gunzip/abort:v1`), {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'layer' && e.state === 'downloading' && e.done > 0) controller.abort();
    },
  }).catch((e: unknown) => e);
  assert.ok(err instanceof AbortedError, String(err));
  await nothingKept(layout);
});
