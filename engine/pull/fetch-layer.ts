// One layer, one pass: download -> blob digest (in the client) -> copy of the
// compressed bytes -> decompress -> diff_id digest -> helper apply-layer, then
// an atomic commit of the layer, and then of its blob into blobs/.
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { Readable, Transform, PassThrough, type Duplex } from 'node:stream';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DigestMismatchError, UnsupportedMediaTypeError } from '../errors.js';
import { applyLayer } from '../helper/apply-layer.js';
import { commitLayer, type LayerRecord } from '../store/layers.js';
import { adoptBlobFile } from '../store/blobs.js';
import { BlobTee } from './blob-tee.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
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

class DiffIdTap extends Transform {
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

function decompressor(mediaType: string): Duplex {
  const kind = layerCompression(mediaType);
  if (kind === 'gzip') return createGunzip({ chunkSize: DECOMPRESS_CHUNK });
  if (kind === 'zstd') return createZstdDecompress({ chunkSize: DECOMPRESS_CHUNK });
  if (kind === 'none') return new PassThrough();
  throw new UnsupportedMediaTypeError(mediaType, 'a layer');
}

export async function fetchLayer(job: FetchLayerJob): Promise<LayerRecord> {
  const { layout, descriptor } = job;
  const scratch = await makeTmpDir(layout, 'layer');
  // The blob copy lives apart from the layer dir, which is renamed whole.
  const blobScratch = await makeTmpDir(layout, 'blob');
  const tee = new BlobTee(join(blobScratch, 'blob'));
  try {
    const blob = job.client.openBlob(job.source, descriptor, {
      signal: job.signal,
      onProgress: (done) => job.report('downloading', done),
      onRetry: (info) => job.report('retrying', 0, info.reason),
    });
    const tap = new DiffIdTap();
    await applyLayer([Readable.from(blob, { objectMode: false }), tee, decompressor(descriptor.mediaType), tap], {
      store: layout.root,
      target: join(scratch, 'diff'),
      signal: job.signal,
    });
    const diffId = tap.digest();
    if (diffId !== job.diffId) throw new DigestMismatchError(`layer ${descriptor.digest} (uncompressed)`, job.diffId, diffId);
    job.report('extracting', descriptor.size);
    const record: LayerRecord = {
      chainId: job.chainId,
      diffId,
      parent: job.parent,
      size: tap.bytes,
      digest: descriptor.digest,
      mediaType: descriptor.mediaType,
      createdAt: new Date().toISOString(),
    };
    // The layer first: its record names the blob, so garbage collection
    // never sees a kept blob without the layer that explains it.
    await commitLayer(layout, scratch, record);
    await tee.finish();
    if (tee.bytes === descriptor.size) await adoptBlobFile(layout, descriptor.digest, tee.path);
    return record;
  } catch (err) {
    await removeTree(scratch);
    throw err;
  } finally {
    await tee.discard();
    await removeTree(blobScratch);
  }
}
