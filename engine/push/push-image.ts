// Pushes a stored image to its name's registry: each layer blob is skipped
// when the repository has it (HEAD), mounted from another repository of the
// same registry that we know has it, or uploaded (one PUT, or PATCH chunks
// for big blobs); then the config; the manifest goes LAST, so the tag never
// names an image whose blobs are not all there. The pushed repository is
// recorded in the image's repo digests, which later pushes mount from.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError, RegistryError, TscontainError, UsageError } from '../errors.js';
import { familiarName, formatReference, parseReference, repositoryName, type ImageReference } from '../reference/reference.js';
import type { RegistryClient } from '../registry/client.js';
import type { RegistryUploader } from '../registry/upload.js';
import { getImage, listImages, putImage, readNames, type ImageRecord } from '../store/images.js';
import { createLease, releaseLease } from '../store/leases.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { runLimited } from '../util/run-limited.js';
import { throttle } from '../util/throttle.js';
import { layerBlob, type LayerBlob } from './layer-blob.js';
import { isOciImage, pushManifest } from './push-manifest.js';
import type { PushEventSink, PushLayerProgress } from './push-events.js';

export interface PushOptions {
  signal?: AbortSignal;
  onEvent?: PushEventSink;
  /** Blobs sent at once (Docker's max-concurrent-uploads default: 5). */
  concurrency?: number;
  /** Blobs larger than this go up in PATCH chunks of this size (default 64 MiB). */
  chunkSize?: number;
  /** Tries per blob upload, the first included (default 3). */
  attempts?: number;
  /** First wait before another try, doubled each time (default 1 s). */
  retryDelayMs?: number;
}

export interface PushResult {
  reference: string;
  tag: string;
  digest: string;
  size: number;
  mediaType: string;
}

export const DEFAULT_CHUNK_SIZE = 64 * 1024 * 1024;

export async function pushImage(layout: StoreLayout, client: RegistryClient, input: string, opts: PushOptions = {}): Promise<PushResult> {
  const emit = opts.onEvent ?? (() => undefined);
  const parsed = parseReference(input);
  if (parsed.digest !== undefined) {
    throw new UsageError(`cannot push a digest reference (${input})`, { hint: 'push a tag: tscontain tag IMAGE NAME:TAG, then tscontain push NAME:TAG' });
  }
  const ref: ImageReference = { ...parsed, tag: parsed.tag ?? 'latest' };
  const record = await taggedImage(layout, ref);
  emit({ type: 'start', repository: repositoryName(ref), tag: ref.tag! });

  const lease = await withStoreLock(layout.root, () => createLease(layout, record.layers.map((l) => l.chainId), record.layers.flatMap((l) => (l.digest ? [l.digest] : []))), { signal: opts.signal });
  const blobs: LayerBlob[] = [];
  try {
    const oci = isOciImage(record);
    for (const layer of record.layers) blobs.push(await layerBlob(layout, layer, oci, opts.signal));
    const manifest = await pushManifest(layout, record, blobs);
    const sources = await mountSources(layout, ref);
    const uploader = await client.uploader(ref, { readFrom: [...new Set([...sources.values()].flat())] });

    const unique = [...new Map(blobs.map((b) => [b.digest, b])).values()];
    for (const blob of unique) emit(layerEvent(blob.digest, 'preparing', 0, blob.size));
    await runLimited(unique, opts.concurrency ?? 5, opts.signal, async (blob, signal) => {
      await pushBlob(uploader, blob, sources.get(blob.digest) ?? [], emit, opts, signal);
    });
    const config = manifest.config;
    if (!(await uploader.exists(config.digest, opts.signal))) {
      await uploadWithRetries(uploader, {
        digest: config.digest, size: config.bytes.length,
        open: (start, end) => Readable.from([config.bytes.subarray(start, end + 1)]),
      }, opts, () => undefined);
    }
    const digest = await uploader.putManifest(ref.tag!, manifest.bytes, manifest.mediaType, opts.signal);
    await recordPush(layout, record.id, `${repositoryName(ref)}@${digest}`, opts.signal);
    emit({ type: 'complete', tag: ref.tag!, digest, size: manifest.bytes.length, mediaType: manifest.mediaType });
    return { reference: familiarName(ref), tag: ref.tag!, digest, size: manifest.bytes.length, mediaType: manifest.mediaType };
  } finally {
    for (const blob of blobs) await blob.dispose();
    await releaseLease(lease);
  }
}

async function taggedImage(layout: StoreLayout, ref: ImageReference): Promise<ImageRecord> {
  const id = (await readNames(layout))[formatReference(ref)];
  const record = id ? await getImage(layout, id) : undefined;
  if (!record) {
    const name = familiarName(ref);
    throw new TscontainError('IMAGE_NOT_FOUND', `An image does not exist locally with the tag: ${name}`, {
      hint: 'tag an image with this name first: tscontain tag SOURCE NAME[:TAG]',
      fields: { image: name },
    });
  }
  return record;
}

async function pushBlob(up: RegistryUploader, blob: LayerBlob, from: string[], emit: PushEventSink, opts: PushOptions, signal: AbortSignal): Promise<void> {
  const progress = throttle((state: PushLayerProgress['state'], done: number, message?: string) =>
    emit(layerEvent(blob.digest, state, done, blob.size, message)), 100);
  try {
    if (await up.exists(blob.digest, signal)) {
      emit(layerEvent(blob.digest, 'exists', blob.size, blob.size));
      return;
    }
    for (const repo of from.slice(0, 3)) {
      if (await up.mount(blob.digest, repo, signal)) {
        emit({ ...layerEvent(blob.digest, 'mounted', blob.size, blob.size), from: repo });
        return;
      }
    }
    emit(layerEvent(blob.digest, 'pushing', 0, blob.size));
    await uploadWithRetries(up, { digest: blob.digest, size: blob.size, open: blob.open, onProgress: (done) => progress('pushing', done) }, { ...opts, signal }, (message) => {
      progress.flush();
      emit(layerEvent(blob.digest, 'retrying', 0, blob.size, message));
    });
    progress.cancel();
    emit(layerEvent(blob.digest, 'pushed', blob.size, blob.size));
  } catch (err) {
    progress.cancel();
    if (!(err instanceof AbortedError)) emit(layerEvent(blob.digest, 'failed', 0, blob.size, (err as Error).message));
    throw err;
  }
}

type UploadSpec = Parameters<RegistryUploader['upload']>[0];

/** A failed upload session cannot be trusted: start the blob over, a few times. */
async function uploadWithRetries(up: RegistryUploader, spec: Omit<UploadSpec, 'chunkSize' | 'signal'>, opts: PushOptions, onRetry: (message: string) => void): Promise<void> {
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await up.upload({ ...spec, chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE, signal: opts.signal });
      return;
    } catch (err) {
      const retryable = err instanceof RegistryError && err.code !== 'AUTH_DENIED' && err.code !== 'RATE_LIMITED';
      if (!retryable || attempt >= attempts || opts.signal?.aborted) throw err;
      const delay = (opts.retryDelayMs ?? 1000) * 2 ** (attempt - 1);
      onRetry(`${(err as Error).message}; trying again`);
      try {
        await sleep(delay, undefined, { signal: opts.signal });
      } catch {
        throw new AbortedError({ cause: opts.signal?.reason });
      }
    }
  }
}

/** For each blob digest, other repositories of the target's registry known to hold it (from repo digests). */
async function mountSources(layout: StoreLayout, target: ImageReference): Promise<Map<string, string[]>> {
  const sources = new Map<string, string[]>();
  for (const image of await listImages(layout)) {
    const repos: string[] = [];
    for (const repoDigest of image.repoDigests) {
      let ref: ImageReference;
      try {
        ref = parseReference(repoDigest);
      } catch {
        continue;
      }
      if (ref.registry === target.registry && ref.repository !== target.repository && !repos.includes(ref.repository)) repos.push(ref.repository);
    }
    if (repos.length === 0) continue;
    for (const layer of image.layers) {
      if (!layer.digest) continue;
      const list = sources.get(layer.digest) ?? [];
      for (const repo of repos) if (!list.includes(repo)) list.push(repo);
      sources.set(layer.digest, list);
    }
  }
  return sources;
}

async function recordPush(layout: StoreLayout, id: string, repoDigest: string, signal: AbortSignal | undefined): Promise<void> {
  await withStoreLock(layout.root, async () => {
    const current = await getImage(layout, id);
    if (!current || current.repoDigests.includes(repoDigest)) return;
    const repo = repoDigest.slice(0, repoDigest.indexOf('@'));
    // One digest per repository, the newest first, as Docker keeps them.
    current.repoDigests = [repoDigest, ...current.repoDigests.filter((d) => !d.startsWith(`${repo}@`))];
    await putImage(layout, current);
  }, { signal });
}

function layerEvent(digest: string, state: PushLayerProgress['state'], done: number, total: number, message?: string): PushLayerProgress {
  return message === undefined ? { type: 'layer', digest, state, done, total } : { type: 'layer', digest, state, done, total, message };
}
