// Media types of manifests, indexes, configs and layers (OCI and Docker
// schema 2), and what a layer's type says about its compression.
import { UnsupportedMediaTypeError } from '../errors.js';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export type ManifestKind = 'image' | 'index';

const MANIFEST_KINDS: Record<string, ManifestKind> = {
  [MEDIA_TYPES.ociManifest]: 'image',
  [MEDIA_TYPES.dockerManifest]: 'image',
  [MEDIA_TYPES.ociIndex]: 'index',
  [MEDIA_TYPES.dockerManifestList]: 'index',
};

/** The Accept header of every manifest request, preferred types first. */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

export function manifestKind(mediaType: string): ManifestKind | undefined {
  return MANIFEST_KINDS[mediaType];
}

export function isSchema1(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.dockerSchema1 || mediaType === MEDIA_TYPES.dockerSchema1Signed;
}

export const CONFIG_MEDIA_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociConfig, MEDIA_TYPES.dockerConfig]);

export type LayerCompression = 'none' | 'gzip' | 'zstd';

const LAYER_COMPRESSION: Record<string, LayerCompression> = {
  [MEDIA_TYPES.ociLayer]: 'none',
  [MEDIA_TYPES.ociLayerGzip]: 'gzip',
  [MEDIA_TYPES.ociLayerZstd]: 'zstd',
  [MEDIA_TYPES.dockerLayer]: 'none',
  [MEDIA_TYPES.dockerLayerGzip]: 'gzip',
  [MEDIA_TYPES.dockerLayerZstd]: 'zstd',
};

/** True for Windows-style foreign/non-distributable layers, which we refuse. */
export function isForeignLayer(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.dockerForeignLayer || mediaType.startsWith('application/vnd.oci.image.layer.nondistributable.');
}

/** How a layer blob is compressed; UnsupportedMediaTypeError for anything not a layer we apply. */
export function layerCompression(mediaType: string): LayerCompression {
  const kind = LAYER_COMPRESSION[mediaType];
  if (kind) return kind;
  if (isForeignLayer(mediaType)) {
    throw new UnsupportedMediaTypeError(mediaType, 'a layer', {
      hint: 'foreign (non-distributable) layers belong to Windows images and are not served by the registry; tscontain runs Linux images only',
    });
  }
  throw new UnsupportedMediaTypeError(mediaType, 'a layer', { hint: 'layers must be tar, tar+gzip or tar+zstd' });
}

/** Content-Type without parameters, lowercased: 'application/json; charset=utf-8' -> 'application/json'. */
export function baseContentType(value: string | undefined): string {
  return (value ?? '').split(';', 1)[0]!.trim().toLowerCase();
}
