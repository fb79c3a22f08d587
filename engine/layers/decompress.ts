// Decompressing layer blobs in Node (save, load, and zstd layers; the helper
// gunzips the layers it applies itself).
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { PassThrough, type Duplex } from 'node:stream';
import type { LayerCompression } from '../registry/media-types.js';

// Large output chunks: far fewer callbacks and pipe writes than zlib's 16 KiB.
const DECOMPRESS_CHUNK = 256 * 1024;

export function decompressor(kind: LayerCompression): Duplex {
  if (kind === 'gzip') return createGunzip({ chunkSize: DECOMPRESS_CHUNK });
  if (kind === 'zstd') return createZstdDecompress({ chunkSize: DECOMPRESS_CHUNK });
  return new PassThrough();
}

/** What the helper undoes itself (gzip, with zlib); zstd is undone here first. */
export function helperCompression(kind: LayerCompression): 'none' | 'gzip' {
  return kind === 'gzip' ? 'gzip' : 'none';
}
