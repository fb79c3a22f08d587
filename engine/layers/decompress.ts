// The stages between a compressed layer blob and its tar: the decompressor
// for the blob's media type, and the tap that hashes the tar (its diff_id).
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { PassThrough, Transform, type Duplex } from 'node:stream';
import { createHash } from 'node:crypto';
import type { LayerCompression } from '../registry/media-types.js';

export class DiffIdTap extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

// Large output chunks: far fewer callbacks and pipe writes than zlib's 16 KiB.
const DECOMPRESS_CHUNK = 256 * 1024;

export function decompressor(kind: LayerCompression): Duplex {
  if (kind === 'gzip') return createGunzip({ chunkSize: DECOMPRESS_CHUNK });
  if (kind === 'zstd') return createZstdDecompress({ chunkSize: DECOMPRESS_CHUNK });
  return new PassThrough();
}
