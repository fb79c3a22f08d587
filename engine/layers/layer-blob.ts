// Compressed layer blobs kept in blobs/sha256 (the store contract: whoever
// makes a layer keeps its blob, so push and save send exact bytes). Blobs
// are first written to scratch while hashed, then renamed into place.
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fromSystemError, TscontainError } from '../errors.js';
import { MEDIA_TYPES, type LayerCompression } from '../registry/media-types.js';

export interface SpooledBlob {
  path: string;
  digest: string;
  size: number;
  mediaType: string;
  compression: LayerCompression;
  /** Known when the tar passed through uncompressed. */
  diffId?: string;
  tarSize?: number;
}

class HashTap extends Transform {
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

const MAGIC: [LayerCompression | 'bzip2' | 'xz', number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];

export function detectCompression(head: Buffer): LayerCompression {
  const kind = detectAnyCompression(head);
  if (kind === 'bzip2' || kind === 'xz') {
    throw new TscontainError('UNSUPPORTED_COMPRESSION', `${kind}-compressed tar archives are not supported`, { hint: 'use a plain, gzip or zstd tar' });
  }
  return kind;
}

/** By magic bytes, including what only an outside program undoes (load takes those too). */
export function detectAnyCompression(head: Buffer): LayerCompression | 'bzip2' | 'xz' {
  for (const [kind, bytes] of MAGIC) {
    if (bytes.every((b, i) => head[i] === b)) return kind;
  }
  return 'none';
}

/** Reads the first bytes of a stream and gives them back with the rest. */
export async function peek(input: AsyncIterable<Buffer>, want = 8): Promise<{ head: Buffer; stream: Readable }> {
  const it = input[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < want) {
    const next = await it.next();
    if (next.done) { ended = true; break; }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (ended) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: Readable.from(rest(), { objectMode: false }) };
}

/** Gzips an uncompressed tar into `dir/name`, hashing both sides. */
export async function gzipTarToBlob(tar: Readable, dir: string, signal?: AbortSignal): Promise<SpooledBlob & { diffId: string; tarSize: number }> {
  const path = join(dir, 'layer.tar.gz');
  const tarTap = new HashTap();
  const blobTap = new HashTap();
  await write([tar, tarTap, createGzip({ chunkSize: 256 * 1024 }), blobTap], path, signal);
  return {
    path, digest: blobTap.digest(), size: blobTap.bytes, mediaType: MEDIA_TYPES.dockerLayerGzip,
    compression: 'gzip', diffId: tarTap.digest(), tarSize: tarTap.bytes,
  };
}

/** An uncompressed tar written as it is (save's rebuilt layers), with its diff_id. */
export async function spoolPlainTar(tar: Readable, dir: string, signal?: AbortSignal): Promise<{ path: string; diffId: string; size: number }> {
  const path = join(dir, `layer-${randomBytes(8).toString('hex')}.tar`);
  const tap = new HashTap();
  await write([tar, tap], path, signal);
  return { path, diffId: tap.digest(), size: tap.bytes };
}

/** A tar in any supported compression: kept as it is when compressed, gzipped when plain. */
export async function spoolLayerInput(input: Readable, dir: string, signal?: AbortSignal): Promise<SpooledBlob> {
  const { head, stream } = await peek(input);
  const compression = detectCompression(head);
  if (compression === 'none') return gzipTarToBlob(stream, dir, signal);
  const path = join(dir, 'layer.blob');
  const tap = new HashTap();
  await write([stream, tap], path, signal);
  const mediaType = compression === 'gzip' ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.ociLayerZstd;
  return { path, digest: tap.digest(), size: tap.bytes, mediaType, compression };
}

async function write(stages: [Readable, ...Transform[]], path: string, signal?: AbortSignal): Promise<void> {
  try {
    await pipeline([...stages, createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true })], { signal });
  } catch (err) {
    throw fromSystemError(err, `writing ${path}`);
  }
}
