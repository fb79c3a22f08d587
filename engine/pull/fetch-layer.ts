// One layer, one pass: download -> blob digest (in the client) -> the shared
// apply path (copy of the compressed bytes -> helper apply-layer, which
// gunzips, hashes and unpacks -> diff_id check -> commit), and then the
// blob's copy into blobs/.
import { join } from 'node:path';
import { StoreError } from '../errors.js';
import { applyTar } from '../layers/apply-tar-stream.js';
import { adoptBlobFile } from '../store/blobs.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import type { LayerRecord } from '../store/layers.js';
import type { StoreLayout } from '../store/layout.js';
import type { BlobSource, Descriptor, RegistryClient } from '../registry/client.js';
import { layerCompression } from '../registry/media-types.js';
import type { LayerProgress } from './pull-events.js';

export interface FetchLayerJob {
  layout: StoreLayout;
  client: RegistryClient;
  source: BlobSource;
  descriptor: Descriptor;
  diffId: string;
  chainId: string;
  parent: string | undefined;
  signal: AbortSignal;
  report: (state: LayerProgress['state'], done: number, message?: string) => void;
}

export async function fetchLayer(job: FetchLayerJob): Promise<LayerRecord> {
  const { descriptor } = job;
  const compression = layerCompression(descriptor.mediaType);
  // The blob copy lives apart from the layer's scratch dir, which is renamed whole.
  const blobScratch = await makeTmpDir(job.layout, 'blob');
  const blobCopy = join(blobScratch, 'blob');
  try {
    const blob = job.client.openBlob(job.source, descriptor, {
      signal: job.signal,
      onProgress: (done) => job.report('downloading', done),
      onRetry: (info) => job.report('retrying', 0, info.reason),
    });
    const { record, keptBytes } = await applyTar({
      layout: job.layout,
      source: blob,
      keepCompressedAt: blobCopy,
      compression,
      parent: job.parent,
      expectedDiffId: job.diffId,
      blob: { digest: descriptor.digest, mediaType: descriptor.mediaType },
      what: `layer ${descriptor.digest}`,
      signal: job.signal,
    });
    if (record.chainId !== job.chainId) {
      throw new StoreError('STORE_CORRUPT', `layer ${descriptor.digest} gave chain ID ${record.chainId}, expected ${job.chainId}`);
    }
    job.report('extracting', descriptor.size);
    // The layer first: its record names the blob, so garbage collection
    // never sees a kept blob without the layer that explains it.
    if (keptBytes === descriptor.size) await adoptBlobFile(job.layout, descriptor.digest, blobCopy);
    return record;
  } finally {
    await removeTree(blobScratch);
  }
}
