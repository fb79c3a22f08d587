// Pulls an image into the store: resolve the manifest for the platform,
// store manifest and config, fetch missing layers a few at a time, then
// record the image and its name. Nothing becomes visible before it is whole.
import { formatReference, familiarName, type ImageReference } from '../reference/reference.js';
import type { Platform } from '../reference/platform.js';
import type { RegistryClient, ResolvedImage } from '../registry/client.js';
import { AbortedError } from '../errors.js';
import { putBlob } from '../store/blobs.js';
import { chainIds, getLayer } from '../store/layers.js';
import { createLease, releaseLease } from '../store/leases.js';
import { withStoreLock } from '../store/lock.js';
import { sweepTmp } from '../store/tmp.js';
import type { StoreLayout } from '../store/layout.js';
import { recordImage } from './record-image.js';
import { fetchLayer } from './fetch-layer.js';
import { runLimited } from '../util/run-limited.js';
import type { ImageRecord } from '../store/images.js';
import type { PullEventSink, LayerProgress } from './pull-events.js';
import { throttle } from '../util/throttle.js';

export interface PullOptions {
  platform?: Platform;
  signal?: AbortSignal;
  onEvent?: PullEventSink;
  concurrency?: number;
}

export async function pullImage(
  layout: StoreLayout,
  client: RegistryClient,
  ref: ImageReference,
  opts: PullOptions = {},
): Promise<ImageRecord> {
  const emit = opts.onEvent ?? (() => undefined);
  const reference = formatReference(ref);
  await layout.ensure();
  await withStoreLock(layout.root, () => sweepTmp(layout), { signal: opts.signal });

  emit({ type: 'resolving', reference });
  const resolved = await client.resolve(ref, { platform: opts.platform, signal: opts.signal });
  const layers = resolved.layers;
  const diffIds = resolved.config.rootfs.diff_ids;
  const chains = chainIds(diffIds);
  emit({
    type: 'resolved',
    reference,
    manifestDigest: resolved.manifestDigest,
    indexDigest: resolved.indexDigest,
    platform: platformText(resolved.platform),
    layers: layers.map((l) => ({ digest: l.digest, size: l.size })),
  });

  await putBlob(layout, resolved.configDigest, resolved.configBytes);
  await putBlob(layout, resolved.manifestDigest, resolved.manifestBytes);
  if (resolved.indexDigest && resolved.indexBytes) await putBlob(layout, resolved.indexDigest, resolved.indexBytes);

  // The lease keeps a concurrent `rmi` from collecting layers (and their
  // blobs) this pull has committed but no image names yet.
  const lease = await withStoreLock(layout.root, () => createLease(layout, chains, layers.map((l) => l.digest)), { signal: opts.signal });
  let downloaded = false;
  try {
    const missing: number[] = [];
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      if (await getLayer(layout, chains[i]!)) emit(layerEvent(layer.digest, 'exists', layer.size, layer.size));
      else {
        missing.push(i);
        emit(layerEvent(layer.digest, 'waiting', 0, layer.size));
      }
    }
    downloaded = missing.length > 0;
    await runLimited(missing, opts.concurrency ?? 3, opts.signal, async (i, signal) => {
      const descriptor = layers[i]!;
      const progress = throttle((state: LayerProgress['state'], done: number, message?: string) =>
        emit(layerEvent(descriptor.digest, state, done, descriptor.size, message)), 100);
      try {
        await fetchLayer({
          layout, client, source: resolved.source, descriptor,
          diffId: diffIds[i]!, chainId: chains[i]!, parent: i > 0 ? chains[i - 1] : undefined,
          signal, report: progress,
        });
      } catch (err) {
        progress.flush();
        if (!(err instanceof AbortedError)) emit(layerEvent(descriptor.digest, 'failed', 0, descriptor.size, (err as Error).message));
        throw err;
      }
      progress.cancel();
      emit(layerEvent(descriptor.digest, 'done', descriptor.size, descriptor.size));
    });
    const record = await recordImage(layout, resolved, ref, chains, opts.signal);
    emit({
      type: 'complete',
      reference: familiarName(ref),
      imageId: record.id,
      repoDigest: record.repoDigests[0] ?? '',
      downloaded,
    });
    return record;
  } finally {
    await releaseLease(lease);
  }
}

function layerEvent(digest: string, state: LayerProgress['state'], done: number, total: number, message?: string): LayerProgress {
  return message === undefined ? { type: 'layer', digest, state, done, total } : { type: 'layer', digest, state, done, total, message };
}

function platformText(p: ResolvedImage['platform']): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
