// The compressed blob to send for one layer: the one kept in blobs/ when it
// is there whole, else a gzip tar made again from the layer's diff/ into
// scratch (older stores). A remade tar rarely matches the original bytes,
// so it comes with its own diff_id for the pushed config.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { walkDiff } from '../archive/diff-walker.js';
import { tarStream } from '../archive/tar-pack.js';
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

class Hasher extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

async function regenerate(layout: StoreLayout, layer: ImageLayerRef, oci: boolean, signal?: AbortSignal): Promise<LayerBlob> {
  const scratch = await makeTmpDir(layout, 'push-layer');
  const file = join(scratch, 'layer.tar.gz');
  try {
    const tarHash = new Hasher();
    const blobHash = new Hasher();
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    await pipeline(tarStream(walkDiff(layout.layerDiffDir(layer.chainId), { signal }), signal), tarHash, createGzip(), blobHash, out, { signal });
    return {
      digest: blobHash.digest(), size: blobHash.bytes, diffId: tarHash.digest(), regenerated: true,
      mediaType: oci ? MEDIA_TYPES.ociLayerGzip : MEDIA_TYPES.dockerLayerGzip,
      open: (start, end) => createReadStream(file, { start, end }),
      dispose: () => removeTree(scratch),
    };
  } catch (err) {
    await removeTree(scratch);
    throw err;
  }
}
