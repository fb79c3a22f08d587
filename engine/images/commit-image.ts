// `commit`: a container's upper directory becomes a new layer on top of its
// image's layers. Whiteouts and opaque directories turn back into `.wh.`
// entries; the new config is the container's own settings plus --change,
// with one more diff_id and history entry.
import { stat } from 'node:fs/promises';
import { StoreError } from '../errors.js';
import { ContainerPaths } from '../containers/record.js';
import { whilePaused } from '../containers/pause.js';
import { findContainer } from '../containers/lookup.js';
import { walkDiff } from '../archive/diff-walker.js';
import { tarStream } from '../archive/tar-pack.js';
import { gzipTarToBlob } from '../layers/layer-blob.js';
import { makeLayer } from '../layers/make-layer.js';
import { releaseLease } from '../store/leases.js';
import { getImage, type ImageRecord } from '../store/images.js';
import { getLayer, type LayerRecord } from '../store/layers.js';
import { getBlob } from '../store/blobs.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import type { StoreLayout } from '../store/layout.js';
import { hostPlatform } from '../reference/platform.js';
import type { ContainerDefaults, ImageConfig } from '../registry/image-config.js';
import { MEDIA_TYPES } from '../registry/media-types.js';
import { applyChanges } from './change-instructions.js';
import { recordLocalImage, targetName, type LocalLayer } from './local-image.js';

export interface CommitOptions {
  container: string;
  /** REPO[:TAG] to name the new image. */
  reference?: string;
  message?: string;
  author?: string;
  changes?: string[];
  /** Freeze a running container while its files are read (Docker's default, `commit --pause`). */
  pause?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: CommitEvent) => void;
}

export type CommitEvent =
  | { type: 'archiving'; container: string }
  | { type: 'applying'; diffId: string; size: number }
  | { type: 'committed'; imageId: string; name: string | undefined };

/** Files the engine writes into every container's upper dir; Docker leaves them out of commits too. */
export const ENGINE_FILES: ReadonlySet<string> = new Set(['etc/hostname', 'etc/hosts', 'etc/resolv.conf']);

export async function commitImage(layout: StoreLayout, opts: CommitOptions): Promise<ImageRecord> {
  const emit = opts.onEvent ?? (() => undefined);
  const name = opts.reference === undefined ? undefined : targetName(opts.reference);
  const found = await findContainer(layout, opts.container);
  const container = found.config;
  const base = await getImage(layout, container.image);
  const records = await layerRecords(layout, container.layers);
  const baseConfig = await readBaseConfig(layout, base, records);
  const lower = await lowerLayers(layout, base, records);

  const scratch = await makeTmpDir(layout, 'commit');
  try {
    const upper = new ContainerPaths(layout, container.id).upper;
    // 'archiving' comes inside the paused window: a listener sees the container frozen.
    const archive = () => (emit({ type: 'archiving', container: container.id }), gzipTarToBlob(tarStream(walkDiff(upper, { exclude: ENGINE_FILES, signal: opts.signal }), opts.signal), scratch, opts.signal));
    const blob = opts.pause === false ? await archive() : await whilePaused(layout, found, archive);
    emit({ type: 'applying', diffId: blob.diffId, size: blob.tarSize });
    const made = await makeLayer(layout, blob, container.layers, { what: `container ${container.id.slice(0, 12)}`, signal: opts.signal });
    try {
      const now = new Date().toISOString();
      const defaults: ContainerDefaults = {
        ...(baseConfig.config ?? {}),
        Env: container.env,
        Cmd: container.cmd ?? undefined,
        Entrypoint: container.entrypoint ?? undefined,
        WorkingDir: container.workingDir,
        User: container.user,
      };
      for (const key of Object.keys(defaults)) if (defaults[key] === undefined || defaults[key] === '') delete defaults[key];
      const config: ImageConfig = {
        ...baseConfig,
        created: now,
        container: container.id,
        config: applyChanges(defaults, opts.changes ?? []),
        rootfs: { type: 'layers', diff_ids: [...baseConfig.rootfs.diff_ids, made.record.diffId] },
        history: [...(baseConfig.history ?? []), {
          created: now,
          created_by: [container.path, ...container.args].join(' '),
          ...(opts.author ? { author: opts.author } : {}),
          ...(opts.message ? { comment: opts.message } : {}),
        }],
      };
      if (opts.author) config.author = opts.author;
      // Docker's commit: the image's comment is this commit's message, never the base image's.
      if (opts.message) config.comment = opts.message;
      else delete config.comment;
      const layer: LocalLayer = {
        chainId: made.record.chainId, diffId: made.record.diffId, size: made.record.size,
        blob: { digest: blob.digest, mediaType: blob.mediaType, size: blob.size },
      };
      const record = await recordLocalImage(layout, {
        configBytes: Buffer.from(JSON.stringify(config)), config, layers: [...lower, layer], names: name ? [name] : [],
      }, opts.signal);
      emit({ type: 'committed', imageId: record.id, name });
      return record;
    } finally {
      await releaseLease(made.lease);
    }
  } finally {
    await removeTree(scratch);
  }
}

/** The container's layer records, bottom first; each is read once per commit. */
async function layerRecords(layout: StoreLayout, chains: readonly string[]): Promise<LayerRecord[]> {
  const out: LayerRecord[] = [];
  for (const chainId of chains) {
    const layer = await getLayer(layout, chainId);
    if (!layer) throw new StoreError('STORE_CORRUPT', `layer ${chainId} of the container is missing from the store`);
    out.push(layer);
  }
  return out;
}

/** The image's config, or (its image removed with rmi -f) one rebuilt from the layer records. */
async function readBaseConfig(layout: StoreLayout, base: ImageRecord | undefined, layers: readonly LayerRecord[]): Promise<ImageConfig> {
  if (base) {
    const config = JSON.parse((await getBlob(layout, base.configDigest)).toString('utf8')) as ImageConfig;
    config.rootfs = { type: 'layers', diff_ids: [...config.rootfs.diff_ids] };
    return config;
  }
  const platform = hostPlatform();
  return { os: platform.os, architecture: platform.architecture, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } };
}

/** Manifest descriptors of the shared lower layers: the base manifest's, else the kept blobs'. */
async function lowerLayers(layout: StoreLayout, base: ImageRecord | undefined, layers: readonly LayerRecord[]): Promise<LocalLayer[]> {
  let listed: { digest: string; mediaType: string; size: number }[] = [];
  if (base) {
    const manifest = JSON.parse((await getBlob(layout, base.manifestDigest).catch(() => Buffer.from('{}'))).toString('utf8')) as { layers?: typeof listed };
    listed = manifest.layers ?? [];
  }
  const out: LocalLayer[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    const digest = layer.digest ?? listed[i]?.digest ?? layer.diffId;
    const size = listed[i]?.digest === digest ? listed[i]!.size : (await stat(layout.blobPath(digest)).catch(() => undefined))?.size ?? layer.size;
    out.push({ chainId: layer.chainId, diffId: layer.diffId, size: layer.size, blob: { digest, mediaType: layer.mediaType ?? listed[i]?.mediaType ?? MEDIA_TYPES.dockerLayerGzip, size } });
  }
  return out;
}
