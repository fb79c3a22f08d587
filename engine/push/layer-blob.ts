// The compressed blob to send for one layer: the one kept in blobs/ when it
// is there whole, else a gzip tar made again from the layer's diff/ into
// scratch (older stores). A remade tar rarely matches the original bytes,
// so it comes with its own diff_id for the pushed config.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { walkDiff } from '../archive/diff-walker.js';
import { tarStream } from '../archive/tar-pack.js';
import { gzipTarToBlob } from '../layers/layer-blob.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import type { ImageLayerRef } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { MEDIA_TYPES } from '../registry/media-types.js';

export interface LayerBlob {
  digest: string;
  size: number;
  mediaType: string;
  diffId: string;
  /** True when the blob was made again from diff/. */
  regenerated: boolean;
  /** Bytes [start, end] inclusive. */
  open(start: number, end: number): Readable;
  dispose(): Promise<void>;
}

export async function layerBlob(layout: StoreLayout, layer: ImageLayerRef, oci: boolean, signal?: AbortSignal): Promise<LayerBlob> {
  if (layer.digest && layer.mediaType) {
    const path = layout.blobPath(layer.digest);
    const size = await stat(path).then((s) => s.size, () => undefined);
    if (size !== undefined) {
      return {
        digest: layer.digest, size, mediaType: layer.mediaType, diffId: layer.diffId, regenerated: false,
        open: (start, end) => createReadStream(path, { start, end }),
        dispose: async () => undefined,
      };
    }
  }
  return regenerate(layout, layer, oci, signal);
}

async function regenerate(layout: StoreLayout, layer: ImageLayerRef, oci: boolean, signal?: AbortSignal): Promise<LayerBlob> {
  const scratch = await makeTmpDir(layout, 'push-layer');
  try {
    const blob = await gzipTarToBlob(tarStream(walkDiff(layout.layerDiffDir(layer.chainId), { signal }), signal), scratch, signal);
    return {
      digest: blob.digest, size: blob.size, diffId: blob.diffId, regenerated: true,
      mediaType: oci ? MEDIA_TYPES.ociLayerGzip : MEDIA_TYPES.dockerLayerGzip,
      open: (start, end) => createReadStream(blob.path, { start, end }),
      dispose: () => removeTree(scratch),
    };
  } catch (err) {
    await removeTree(scratch);
    throw err;
  }
}
