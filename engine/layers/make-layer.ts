// A layer made on this machine from a spooled blob: applied through the
// shared path, its blob kept, and leased until an image names it, so a
// concurrent rmi cannot collect it in between.
import { createReadStream } from 'node:fs';
import { createLease, releaseLease, type Lease } from '../store/leases.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import type { LayerRecord } from '../store/layers.js';
import { applyTar } from './apply-tar-stream.js';
import { adoptBlobFile } from '../store/blobs.js';
import type { SpooledBlob } from './layer-blob.js';

export interface MadeLayer {
  record: LayerRecord;
  blob: SpooledBlob;
  /** Release once the image record names the layer. */
  lease: Lease;
}

export async function makeLayer(
  layout: StoreLayout,
  blob: SpooledBlob,
  parentChain: readonly string[],
  opts: { expectedDiffId?: string; what: string; signal?: AbortSignal },
): Promise<MadeLayer> {
  let lease: Lease | undefined;
  try {
    const { record } = await applyTar({
      layout,
      source: createReadStream(blob.path, { highWaterMark: 256 * 1024 }),
      compression: blob.compression,
      parent: parentChain[parentChain.length - 1],
      expectedDiffId: opts.expectedDiffId ?? blob.diffId,
      blob: { digest: blob.digest, mediaType: blob.mediaType },
      what: opts.what,
      signal: opts.signal,
      beforeCommit: async (r) => {
        lease = await withStoreLock(layout.root, () => createLease(layout, [...parentChain, r.chainId]), { signal: opts.signal });
      },
    });
    await adoptBlobFile(layout, blob.digest, blob.path);
    return { record, blob, lease: lease! };
  } catch (err) {
    if (lease) await releaseLease(lease);
    throw err;
  }
}
