// The one way a layer enters the store, whatever brought it (pull, commit,
// import, load): a (compressed) tar stream -> decompress -> sha256 of the
// tar (the diff_id) -> the helper's apply-layer into scratch -> verified ->
// renamed into layers/<chainID>. A failure leaves only scratch to remove.
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { PassThrough, Transform, type Duplex, type Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DigestMismatchError } from '../errors.js';
import { applyLayer } from '../helper/apply-layer.js';
import { commitLayer, type LayerRecord } from '../store/layers.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import type { StoreLayout } from '../store/layout.js';
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

/** OCI: ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)); the first layer's is its diff_id. */
export function childChainId(parent: string | undefined, diffId: string): string {
  return parent === undefined ? diffId : `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`;
}

export interface ApplyTarJob {
  layout: StoreLayout;
  /** The blob's bytes (compressed as `compression` says). */
  source: Readable;
  compression: LayerCompression;
  /** Chain ID of the layer below, if any. */
  parent: string | undefined;
  /** When known (pull, load), the tar must hash to it. */
  expectedDiffId?: string;
  /** The compressed blob this layer was made from, recorded in layer.json. */
  blob: { digest: string; mediaType: string } | undefined;
  /** Names the layer in errors ("layer sha256:... (uncompressed)"). */
  what: string;
  /** Sees the compressed bytes before they are decompressed (to keep a copy of the blob). */
  compressedTap?: Transform;
  /** Runs once the layer is verified, just before it becomes visible (to lease it, say). */
  beforeCommit?: (record: LayerRecord) => Promise<void>;
  signal?: AbortSignal;
}

export async function applyTarStream(job: ApplyTarJob): Promise<LayerRecord> {
  const scratch = await makeTmpDir(job.layout, 'layer');
  try {
    const tap = new DiffIdTap();
    const middle = job.compressedTap ? [job.compressedTap, decompressor(job.compression)] : [decompressor(job.compression)];
    await applyLayer([job.source, ...middle, tap], {
      store: job.layout.root,
      target: join(scratch, 'diff'),
      signal: job.signal,
    });
    const diffId = tap.digest();
    if (job.expectedDiffId !== undefined && diffId !== job.expectedDiffId) {
      throw new DigestMismatchError(`${job.what} (uncompressed)`, job.expectedDiffId, diffId);
    }
    const record: LayerRecord = {
      chainId: childChainId(job.parent, diffId),
      diffId,
      parent: job.parent,
      size: tap.bytes,
      digest: job.blob?.digest,
      mediaType: job.blob?.mediaType,
      createdAt: new Date().toISOString(),
    };
    await job.beforeCommit?.(record);
    await commitLayer(job.layout, scratch, record);
    return record;
  } catch (err) {
    await removeTree(scratch);
    throw err;
  }
}
