// Pull keeps each layer's compressed blob in blobs/sha256 (exact bytes, for
// push and save); rmi's garbage collection removes it with the layer; a
// layer whose blob went missing (an older store) still serves pulls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { registrySkipReason } from '../../support/registry-server.js';
import { buildImage } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { pullImage } from '../../../engine/pull/pull-image.js';
import { removeImage } from '../../../engine/images/remove-image.js';
import { hasBlob } from '../../../engine/store/blobs.js';
import { getLayer, listLayers } from '../../../engine/store/layers.js';
import type { PullEvent } from '../../../engine/pull/pull-events.js';
import { featureLayers } from './layers-fixture.js';
import { fileRegistry, freshLayout, loopbackClient } from '../../support/store-fixture.js';

const skip = registrySkipReason();
const registry = fileRegistry();

test('pull keeps every layer blob byte for byte, and rmi removes them with the layers', { skip }, async () => {
  const image = buildImage({ layers: featureLayers });
  await pushImage(image, { registry: registry.host, repository: 'test/kept', tags: ['v1'] });
  const layout = await freshLayout('tsc-blobs-');
  const record = await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/kept:v1`));
  for (const [i, layer] of image.layers.entries()) {
    assert.deepEqual(await readFile(layout.blobPath(layer.digest)), layer.blob, `layer ${i} blob kept verbatim`);
    assert.equal((await getLayer(layout, record.layers[i]!.chainId))?.digest, layer.digest);
  }
  assert.deepEqual(await readdir(layout.tmpDir), [], 'no scratch left');

  await removeImage(layout, `${registry.host}/test/kept:v1`);
  assert.deepEqual(await listLayers(layout), []);
  assert.deepEqual(await readdir(layout.blobsDir), [], 'blobs went with their layers');
});

test('garbage collection keeps a blob another image still uses', { skip }, async () => {
  const base = featureLayers[0]!;
  const a = buildImage({ layers: [base, featureLayers[1]!] });
  const b = buildImage({ layers: [base], config: { Cmd: ['sh'] } });
  await pushImage(a, { registry: registry.host, repository: 'test/share-a', tags: ['v1'] });
  await pushImage(b, { registry: registry.host, repository: 'test/share-b', tags: ['v1'] });
  const layout = await freshLayout('tsc-blobs-');
  await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/share-a:v1`));
  await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/share-b:v1`));
  await removeImage(layout, `${registry.host}/test/share-a:v1`);
  assert.ok(await hasBlob(layout, a.layers[0]!.digest), 'shared base blob kept');
  assert.ok(!(await hasBlob(layout, a.layers[1]!.digest)), 'blob only image a used is gone');
});

test('a layer whose blob is missing is still used by the next pull', { skip }, async () => {
  const image = buildImage({ layers: [featureLayers[0]!, featureLayers[1]!] });
  await pushImage(image, { registry: registry.host, repository: 'test/old-store', tags: ['v1', 'v2'] });
  const layout = await freshLayout('tsc-blobs-');
  await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/old-store:v1`));
  await unlink(layout.blobPath(image.layers[0]!.digest));
  const events: PullEvent[] = [];
  await pullImage(layout, loopbackClient(), parseReference(`${registry.host}/test/old-store:v2`), { onEvent: (e) => events.push(e) });
  assert.equal(events.filter((e) => e.type === 'layer' && e.state === 'exists').length, 2, 'no layer downloaded again');
});
