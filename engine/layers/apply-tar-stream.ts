// The one way a layer enters the store, whatever brought it (pull, commit,
// import, load): a (compressed) tar stream -> the helper's apply-layer,
// which gunzips, hashes the tar (the diff_id) and unpacks it into scratch ->
// verified -> renamed into layers/<chainID>. A failure leaves only scratch
// to remove. Only zstd is decompressed here (the helper has no zstd).
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
import { DigestMismatchError, fromSystemError, throwIfAborted } from '../errors.js';
import { applyLayer } from '../helper/apply-layer.js';
import { BlobTee } from '../pull/blob-tee.js';
import { childChainId, commitLayer, type LayerRecord } from '../store/layers.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import type { StoreLayout } from '../store/layout.js';
import type { LayerCompression } from '../registry/media-types.js';
import { decompressor, helperCompression } from './decompress.js';

export interface ApplyTarJob {
  layout: StoreLayout;
  /** The blob's bytes (compressed as `compression` says). */
  source: Readable | AsyncIterable<Uint8Array>;
  compression: LayerCompression;
  /** Chain ID of the layer below, if any. */
  parent: string | undefined;
  /** When known (pull, load), the tar must hash to it. */
  expectedDiffId?: string;
  /** The compressed blob this layer was made from, recorded in layer.json. */
  blob: { digest: string; mediaType: string } | undefined;
  /** Names the layer in errors ("layer sha256:... (uncompressed)"). */
  what: string;
  /** A new file to copy the compressed bytes into as they pass (to keep the blob); fsynced on success. */
  keepCompressedAt?: string;
  /** Runs once the layer is verified, just before it becomes visible (to lease it, say). */
  beforeCommit?: (record: LayerRecord) => Promise<void>;
  signal?: AbortSignal;
}

export interface AppliedLayer {
  record: LayerRecord;
  /** Bytes copied to `keepCompressedAt`. */
  keptBytes: number;
}

export async function applyTar(job: ApplyTarJob): Promise<AppliedLayer> {
  const scratch = await makeTmpDir(job.layout, 'layer');
  try {
    const target = join(scratch, 'diff');
    const { diffId, size, keptBytes, opaqueDirs } = await unpack(job, target);
    if (job.expectedDiffId !== undefined && diffId !== job.expectedDiffId) {
      throw new DigestMismatchError(`${job.what} (uncompressed)`, job.expectedDiffId, diffId);
    }
    const record: LayerRecord = {
      chainId: childChainId(job.parent, diffId),
      diffId,
      parent: job.parent,
      size,
      digest: job.blob?.digest,
      mediaType: job.blob?.mediaType,
      createdAt: new Date().toISOString(),
      ...(opaqueDirs ? { opaqueDirs } : {}),
    };
    await job.beforeCommit?.(record);
    // An abort that came while the helper was finishing still wins: nothing becomes visible.
    throwIfAborted(job.signal);
    await commitLayer(job.layout, scratch, record);
    return { record, keptBytes };
  } catch (err) {
    await removeTree(scratch);
    throw err;
  }
}

interface Unpacked {
  diffId: string;
  size: number;
  opaqueDirs: string[] | undefined;
  keptBytes: number;
}

async function unpack(job: ApplyTarJob, target: string): Promise<Unpacked> {
  const source = job.source instanceof Readable ? job.source : Readable.from(job.source, { objectMode: false });
  const helperUndoes = helperCompression(job.compression);
  const decompressHere = helperUndoes === 'none' && job.compression !== 'none';
  // The helper keeps the blob when it reads it as it came; after a zstd
  // decompression here it sees the tar, so the copy is made here instead.
  const keep = job.keepCompressedAt === undefined ? undefined
    : decompressHere ? { tee: new BlobTee(job.keepCompressedAt) }
    : { file: await open(job.keepCompressedAt, 'wx', 0o600).catch((err: unknown) => { throw fromSystemError(err, 'keeping the layer blob'); }) };
  const middle = [...(keep?.tee ? [keep.tee] : []), ...(decompressHere ? [decompressor(job.compression)] : [])];
  try {
    const tar = await applyLayer([source, ...middle], {
      store: job.layout.root, target, signal: job.signal, compression: helperUndoes, keepInputFd: keep?.file?.fd,
    });
    await keep?.tee?.finish();
    const keptBytes = keep?.tee ? keep.tee.bytes : keep?.file ? (await keep.file.stat()).size : 0;
    return { ...tar, keptBytes };
  } finally {
    await keep?.tee?.discard();
    await keep?.file?.close();
  }
}
