// Images made on this machine (commit, import, load): the config kept
// verbatim (its digest is the image ID), a Docker schema 2 manifest over the
// kept layer blobs, the image record and its names, all written under the
// lock once every layer is in place.
import { formatReference, parseReference } from '../reference/reference.js';
import { StoreError, UsageError } from '../errors.js';
import { putBlob, sha256Digest } from '../store/blobs.js';
import { getImage, putImage, readNames, writeNames, type ImageRecord } from '../store/images.js';
import { getLayer } from '../store/layers.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { MEDIA_TYPES } from '../registry/media-types.js';
import type { ImageConfig } from '../registry/image-config.js';

export interface LocalLayer {
  chainId: string;
  diffId: string;
  /** The compressed blob as a manifest lists it. */
  blob: { digest: string; mediaType: string; size: number };
  /** Bytes of the uncompressed tar. */
  size: number;
}

export interface LocalImage {
  configBytes: Buffer;
  config: ImageConfig;
  layers: LocalLayer[];
  /** Full references to point at the image (docker.io/library/x:tag). */
  names: string[];
}

/** `REPO[:TAG]` as a full reference; the tag defaults to latest, digests are refused. */
export function targetName(input: string): string {
  const ref = parseReference(input);
  if (ref.digest) throw new UsageError(`refusing to create a tag with a digest reference: ${input}`);
  return formatReference(ref);
}

export function schema2Manifest(configBytes: Buffer, layers: readonly LocalLayer[]): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, size: configBytes.length, digest: sha256Digest(configBytes) },
    layers: layers.map((l) => ({ mediaType: l.blob.mediaType, size: l.blob.size, digest: l.blob.digest })),
  }));
}

export async function recordLocalImage(layout: StoreLayout, image: LocalImage, signal?: AbortSignal): Promise<ImageRecord> {
  const id = sha256Digest(image.configBytes);
  const manifest = schema2Manifest(image.configBytes, image.layers);
  const manifestDigest = sha256Digest(manifest);
  return withStoreLock(layout.root, async () => {
    for (const layer of image.layers) {
      if (!(await getLayer(layout, layer.chainId))) {
        throw new StoreError('STORE_CORRUPT', `layer ${layer.chainId} vanished while the image was being made`, { hint: 'try again' });
      }
    }
    await putBlob(layout, id, image.configBytes);
    await putBlob(layout, manifestDigest, manifest);
    const previous = await getImage(layout, id);
    const record: ImageRecord = previous ?? {
      id,
      configDigest: id,
      manifestDigest,
      manifestMediaType: MEDIA_TYPES.dockerManifest,
      indexDigest: undefined,
      repoDigests: [],
      layers: image.layers.map((l) => ({ chainId: l.chainId, diffId: l.diffId, digest: l.blob.digest, mediaType: l.blob.mediaType, size: l.size })),
      os: image.config.os,
      architecture: image.config.architecture,
      variant: image.config.variant,
      created: image.config.created,
      storedAt: new Date().toISOString(),
      size: image.layers.reduce((sum, l) => sum + l.size, 0),
    };
    if (!previous) await putImage(layout, record);
    if (image.names.length) {
      const names = await readNames(layout);
      for (const name of image.names) names[name] = id;
      await writeNames(layout, names);
    }
    return record;
  }, { signal });
}
