// `load`: images from a docker-archive or OCI layout tar (plain or
// compressed with gzip, zstd, bzip2 or xz, from a file or stdin). The archive is unpacked into scratch
// and checked whole before any layer is applied; each layer must hash to
// its diff_id. On failure, layers this load made and nothing names are
// removed again, so the store is as it was.
import { createReadStream } from 'node:fs';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveError, DigestMismatchError } from '../errors.js';
import { extractArchive } from '../archive/archive-reader.js';
import { decompressor } from '../layers/decompress.js';
import { detectAnyCompression, detectCompression, gzipTarToBlob, peek, type SpooledBlob } from '../layers/layer-blob.js';
import { programDecompressor } from '../layers/program-decompress.js';
import { makeLayer } from '../layers/make-layer.js';
import { adoptBlobFile } from '../store/blobs.js';
import { listImages, type ImageRecord } from '../store/images.js';
import { childChainId, getLayer, removeLayer } from '../store/layers.js';
import { releaseLease, type Lease } from '../store/leases.js';
import { withStoreLock } from '../store/lock.js';
import { makeTmpDir, removeTree, sweepTmp } from '../store/tmp.js';
import type { StoreLayout } from '../store/layout.js';
import { MEDIA_TYPES } from '../registry/media-types.js';
import { dockerArchiveImages, ociLayoutImages, type ArchiveImage, type ArchiveLayer } from './archive-manifests.js';
import { recordLocalImage, type LocalLayer } from './local-image.js';

export type LoadEvent =
  | { type: 'layer'; diffId: string; state: 'exists' | 'loading' | 'done' }
  | { type: 'loaded'; imageId: string; names: string[] };

export interface LoadOptions {
  signal?: AbortSignal;
  onEvent?: (event: LoadEvent) => void;
}

export async function loadImages(layout: StoreLayout, input: Readable, opts: LoadOptions = {}): Promise<ImageRecord[]> {
  const emit = opts.onEvent ?? (() => undefined);
  await layout.ensure();
  await withStoreLock(layout.root, () => sweepTmp(layout), { signal: opts.signal });
  const scratch = await makeTmpDir(layout, 'load');
  const made: string[] = [];
  const leases: Lease[] = [];
  try {
    const { head, stream } = await peek(input);
    if (head.length === 0) throw new ArchiveError('the archive is empty');
    const files = join(scratch, 'files');
    await mkdir(files);
    const kind = detectAnyCompression(head);
    const undo = kind === 'bzip2' || kind === 'xz' ? programDecompressor(kind) : decompressor(kind);
    const archive = await extractArchive(stream.pipe(undo), files, opts.signal);
    let images: ArchiveImage[];
    if (archive.has('manifest.json')) images = await dockerArchiveImages(archive);
    else if (archive.has('index.json')) images = await ociLayoutImages(archive);
    else throw new ArchiveError('neither manifest.json nor index.json found: not a docker-archive or OCI image layout');

    const records: ImageRecord[] = [];
    let n = 0;
    for (const image of images) {
      const chain: string[] = [];
      const layers: LocalLayer[] = [];
      for (const layer of image.layers) {
        const chainId = childChainId(chain[chain.length - 1], layer.diffId);
        const existing = await getLayer(layout, chainId);
        const keptSize = existing?.digest ? (await stat(layout.blobPath(existing.digest)).catch(() => undefined))?.size : undefined;
        if (existing?.digest && existing.mediaType && keptSize !== undefined) {
          emit({ type: 'layer', diffId: layer.diffId, state: 'exists' });
          layers.push({ chainId, diffId: layer.diffId, size: existing.size, blob: { digest: existing.digest, mediaType: existing.mediaType, size: keptSize } });
        } else if (existing) {
          // Unpacked already (pulled before blobs were kept): keep this archive's blob for it.
          emit({ type: 'layer', diffId: layer.diffId, state: 'exists' });
          const dir = join(scratch, `layer-${n++}`);
          await mkdir(dir);
          const blob = await layerBlob(layer, dir, opts.signal);
          const diffId = blob.diffId ?? (await tarDigest(blob));
          if (diffId !== layer.diffId) throw new DigestMismatchError(`layer ${layer.diffId} (uncompressed)`, layer.diffId, diffId);
          await adoptBlobFile(layout, blob.digest, blob.path);
          layers.push({ chainId, diffId: layer.diffId, size: existing.size, blob: { digest: blob.digest, mediaType: blob.mediaType, size: blob.size } });
        } else {
          emit({ type: 'layer', diffId: layer.diffId, state: 'loading' });
          const dir = join(scratch, `layer-${n++}`);
          await mkdir(dir);
          const blob = await layerBlob(layer, dir, opts.signal);
          const result = await makeLayer(layout, blob, chain, { expectedDiffId: layer.diffId, what: `layer ${layer.diffId}`, signal: opts.signal });
          leases.push(result.lease);
          made.push(result.record.chainId);
          layers.push({ chainId, diffId: layer.diffId, size: result.record.size, blob: { digest: blob.digest, mediaType: blob.mediaType, size: blob.size } });
          emit({ type: 'layer', diffId: layer.diffId, state: 'done' });
        }
        chain.push(chainId);
      }
      const record = await recordLocalImage(layout, { configBytes: image.configBytes, config: image.config, layers, names: image.names }, opts.signal);
      emit({ type: 'loaded', imageId: record.id, names: image.names });
      records.push(record);
    }
    return records;
  } catch (err) {
    for (const lease of leases) await releaseLease(lease);
    leases.length = 0;
    await discard(layout, made);
    throw err;
  } finally {
    for (const lease of leases) await releaseLease(lease);
    await removeTree(scratch);
  }
}

/** The blob to keep for a layer file: compressed files as they are (digest checked), plain tars gzipped. */
async function layerBlob(layer: ArchiveLayer, dir: string, signal?: AbortSignal): Promise<SpooledBlob> {
  let compression = layer.compression;
  if (compression === 'detect') {
    const handle = await open(layer.file.path, 'r');
    const head = Buffer.alloc(8);
    try {
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
    compression = detectCompression(head);
  }
  if (compression === 'none') return gzipTarToBlob(createReadStream(layer.file.path, { highWaterMark: 256 * 1024 }), dir, signal);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(layer.file.path, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  const digest = `sha256:${hash.digest('hex')}`;
  if (layer.digest !== undefined && layer.digest !== digest) throw new ArchiveError(`layer ${layer.digest}: content hashes to ${digest}`);
  return {
    path: layer.file.path, digest, size: layer.file.size, compression,
    mediaType: compression === 'gzip' ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.ociLayerZstd,
  };
}

async function tarDigest(blob: SpooledBlob): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(blob.path).pipe(decompressor(blob.compression))) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** Removes layers this load made that no image names (another load may share them). */
async function discard(layout: StoreLayout, chains: readonly string[]): Promise<void> {
  if (chains.length === 0) return;
  await withStoreLock(layout.root, async () => {
    const used = new Set((await listImages(layout)).flatMap((i) => i.layers.map((l) => l.chainId)));
    for (const chainId of chains) {
      if (used.has(chainId)) continue;
      const digest = (await getLayer(layout, chainId))?.digest;
      await removeLayer(layout, chainId);
      if (digest) await unlink(layout.blobPath(digest)).catch(() => undefined);
    }
  });
}
