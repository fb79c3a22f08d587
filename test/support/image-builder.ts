// Builds OCI / Docker schema 2 images in memory: layers (from tar entries or
// raw tars), config with correct diff_ids and history, and the manifest,
// all with their digests, ready for registry-push.ts or an OCI layout.
import { sha256Digest } from './digest.js';
import {
  compress, configMediaType, layerMediaType, manifestMediaType,
  type Compression, type ImageFormat,
} from './media-types.js';
import { writeTar, type TarEntry } from './tar-writer.js';

export { busyboxLayer, busyboxApplets, requireBusybox } from './busybox-layer.js';
export { bigLayer, deterministicBytes, textBytes } from './big-layer.js';
export { buildIndex, type BuiltIndex, type BuildIndexOptions } from './index-builder.js';
export type { Compression, ImageFormat } from './media-types.js';

export type Platform = { os: string; architecture: string; variant?: string };

/** A layer: tar entries, a raw (uncompressed) tar, or either with per-layer settings. */
export type LayerInput = TarEntry[] | Buffer | {
  tar: TarEntry[] | Buffer;
  compression?: Compression;
  /** Overrides the layer's media type (e.g. to lie about the compression). */
  mediaType?: string;
  /** Compression level (gzip 0-9, zstd 1-22). */
  level?: number;
};

export type ImageConfig = {
  Env?: string[]; Cmd?: string[]; Entrypoint?: string[]; WorkingDir?: string; User?: string;
  ExposedPorts?: Record<string, object>; Labels?: Record<string, string>; StopSignal?: string;
  Volumes?: Record<string, object>; [key: string]: unknown;
};

export type BuildImageOptions = {
  layers: LayerInput[];
  compression?: Compression; // default for every layer: gzip
  format?: ImageFormat; // default oci
  platform?: Platform; // default linux / this host's architecture
  config?: ImageConfig;
  created?: string; // default FIXED_CREATED, so builds are reproducible
  /** Extra top-level fields of the config JSON (e.g. author), or overrides. */
  extraConfig?: Record<string, unknown>;
  annotations?: Record<string, string>; // manifest annotations (OCI)
};

export type BuiltLayer = {
  mediaType: string; digest: string; size: number; blob: Buffer; diffId: string; uncompressed: Buffer;
};

export type BuiltImage = {
  format: ImageFormat;
  platform: Platform;
  manifest: Buffer; manifestMediaType: string; manifestDigest: string;
  config: Buffer; configMediaType: string; configDigest: string;
  layers: BuiltLayer[];
};

export const FIXED_CREATED = '2024-01-01T00:00:00Z';

export function hostPlatform(): Platform {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return { os: 'linux', architecture: map[process.arch] ?? process.arch };
}

function buildLayer(input: LayerInput, format: ImageFormat, defaultCompression: Compression): BuiltLayer {
  const spec = Buffer.isBuffer(input) || Array.isArray(input) ? { tar: input } : input;
  const uncompressed = Buffer.isBuffer(spec.tar) ? spec.tar : writeTar(spec.tar);
  const compression = spec.compression ?? defaultCompression;
  const blob = compress(uncompressed, compression, spec.level);
  return {
    mediaType: spec.mediaType ?? layerMediaType(format, compression),
    digest: sha256Digest(blob), size: blob.length, blob,
    diffId: sha256Digest(uncompressed), uncompressed,
  };
}

export function buildImage(opts: BuildImageOptions): BuiltImage {
  const format = opts.format ?? 'oci';
  const platform = opts.platform ?? hostPlatform();
  const created = opts.created ?? FIXED_CREATED;
  const layers = opts.layers.map((l) => buildLayer(l, format, opts.compression ?? 'gzip'));
  const configJson = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: opts.config ?? {},
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((_, i) => ({ created, created_by: `tscontain test layer ${i}` })),
    ...opts.extraConfig,
  };
  const config = Buffer.from(JSON.stringify(configJson));
  const cfgType = configMediaType(format);
  const mfType = manifestMediaType(format);
  const manifestJson = {
    schemaVersion: 2,
    mediaType: mfType,
    config: { mediaType: cfgType, digest: sha256Digest(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    ...(opts.annotations ? { annotations: opts.annotations } : {}),
  };
  const manifest = Buffer.from(JSON.stringify(manifestJson));
  return {
    format, platform,
    manifest, manifestMediaType: mfType, manifestDigest: sha256Digest(manifest),
    config, configMediaType: cfgType, configDigest: sha256Digest(config),
    layers,
  };
}
