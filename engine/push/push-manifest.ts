// What a push sends as config and manifest. A pulled image whose layer
// blobs are all the kept originals goes up with its original manifest bytes
// (same digest everywhere). Otherwise (no kept manifest, e.g. a committed
// image, or a layer remade from diff/) a new manifest is built, Docker v2
// schema 2 unless the image is OCI, and the config gets the remade diff_ids.
import { getBlob, hasBlob } from '../store/blobs.js';
import type { ImageRecord } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { MEDIA_TYPES } from '../registry/media-types.js';
import { computeDigest } from '../registry/digester.js';
import type { LayerBlob } from './layer-blob.js';

export interface PushManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  config: { bytes: Buffer; digest: string; mediaType: string };
  /** True when the original pulled manifest is reused. */
  original: boolean;
}

/** Whether the image is OCI-typed (its manifest, or any layer); else Docker schema 2. */
export function isOciImage(record: ImageRecord): boolean {
  return record.manifestMediaType === MEDIA_TYPES.ociManifest || record.layers.some((l) => l.mediaType?.startsWith('application/vnd.oci.'));
}

export async function pushManifest(layout: StoreLayout, record: ImageRecord, blobs: LayerBlob[]): Promise<PushManifest> {
  const oci = isOciImage(record);
  const configMediaType = oci ? MEDIA_TYPES.ociConfig : MEDIA_TYPES.dockerConfig;
  let configBytes = await getBlob(layout, record.configDigest);
  const rewrite = blobs.some((b, i) => b.diffId !== record.layers[i]!.diffId);
  if (rewrite) {
    const config = JSON.parse(configBytes.toString('utf8')) as { rootfs?: { type?: string; diff_ids?: string[] } };
    config.rootfs = { type: 'layers', diff_ids: blobs.map((b) => b.diffId) };
    configBytes = Buffer.from(JSON.stringify(config));
  }
  const config = { bytes: configBytes, digest: computeDigest(configBytes), mediaType: configMediaType };

  if (!rewrite && record.manifestDigest && (await hasBlob(layout, record.manifestDigest))) {
    const bytes = await getBlob(layout, record.manifestDigest);
    const kept = parseImageManifest(bytes);
    if (kept && kept.config === record.configDigest && sameList(kept.layers, blobs.map((b) => b.digest))) {
      return { bytes, mediaType: record.manifestMediaType || kept.mediaType || MEDIA_TYPES.dockerManifest, digest: record.manifestDigest, config: { ...config, mediaType: kept.configMediaType ?? configMediaType }, original: true };
    }
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: oci ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest,
    config: { mediaType: configMediaType, size: configBytes.length, digest: config.digest },
    layers: blobs.map((b) => ({ mediaType: b.mediaType, size: b.size, digest: b.digest })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
  return { bytes, mediaType: manifest.mediaType, digest: computeDigest(bytes), config, original: false };
}

function parseImageManifest(bytes: Buffer): { mediaType?: string; config: string; configMediaType?: string; layers: string[] } | undefined {
  try {
    const m = JSON.parse(bytes.toString('utf8')) as { mediaType?: string; config?: { digest?: string; mediaType?: string }; layers?: { digest?: string }[] };
    if (!m.config?.digest || !Array.isArray(m.layers)) return undefined;
    return { mediaType: m.mediaType, config: m.config.digest, configMediaType: m.config.mediaType, layers: m.layers.map((l) => l.digest ?? '') };
  } catch {
    return undefined;
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
