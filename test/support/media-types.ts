// Media types of OCI and Docker schema 2 images, and layer compression.
import { constants, gzipSync, zstdCompressSync } from 'node:zlib';

export type ImageFormat = 'oci' | 'docker';
export type Compression = 'gzip' | 'zstd' | 'none';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  /** containerd's name; Docker itself pushes zstd layers under the OCI type. */
  dockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  inToto: 'application/vnd.in-toto+json',
} as const;

export function manifestMediaType(format: ImageFormat): string {
  return format === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest;
}

export function indexMediaType(format: ImageFormat): string {
  return format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerManifestList;
}

export function configMediaType(format: ImageFormat): string {
  return format === 'oci' ? MEDIA.ociConfig : MEDIA.dockerConfig;
}

export function layerMediaType(format: ImageFormat, compression: Compression): string {
  if (format === 'oci') {
    return compression === 'gzip' ? MEDIA.ociLayerGzip : compression === 'zstd' ? MEDIA.ociLayerZstd : MEDIA.ociLayer;
  }
  return compression === 'gzip' ? MEDIA.dockerLayerGzip : compression === 'zstd' ? MEDIA.dockerLayerZstd : MEDIA.dockerLayer;
}

/** Compresses a layer; `level` defaults to zlib's and zstd's defaults (6 and 3). */
export function compress(data: Buffer, compression: Compression, level?: number): Buffer {
  if (compression === 'gzip') return gzipSync(data, level === undefined ? {} : { level });
  if (compression === 'zstd') {
    const params = level === undefined ? {} : { [constants.ZSTD_c_compressionLevel]: level };
    return zstdCompressSync(data, { params });
  }
  return data;
}
