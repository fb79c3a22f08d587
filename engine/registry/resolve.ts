// From a reference to everything a pull needs before the layers: the
// manifest (through an index for the wanted platform), the verified config,
// and the layer descriptors, from the first endpoint that can serve them
// (docker.io: each mirror in order, then Docker Hub).
import { DigestMismatchError, PlatformNotFoundError, RegistryError, SizeMismatchError, UnsupportedMediaTypeError } from '../errors.js';
import { familiarName, familiarRepository, type ImageReference } from '../reference/reference.js';
import { formatPlatform, hostPlatform, normalizePlatform, type Platform } from '../reference/platform.js';
import type { RetryPolicy } from './config.js';
import type { Descriptor } from './descriptor.js';
import type { Endpoint } from './endpoints.js';
import { fetchManifest, type FetchedManifest } from './fetch-manifest.js';
import { fetchSmallBlob } from './fetch-blob.js';
import { MAX_CONFIG_BYTES, parseImageConfig, type ImageConfig } from './image-config.js';
import { CONFIG_MEDIA_TYPES, layerCompression } from './media-types.js';
import { compatibleVariants, selectManifest } from './platform-select.js';
import { protocolError } from './registry-errors.js';
import type { Transport } from './request.js';
import type { BlobSource } from './source.js';

export interface ResolvedImage {
  /** Endpoint and repository that served the manifest; fetch the layers from it. */
  source: BlobSource;
  reference: ImageReference;
  /** Set when the reference named an index (multi-platform image). */
  indexDigest?: string;
  indexBytes?: Buffer;
  indexMediaType?: string;
  manifestDigest: string;
  manifestMediaType: string;
  manifestBytes: Buffer;
  configDigest: string;
  configBytes: Buffer;
  config: ImageConfig;
  layers: Descriptor[];
  platform: Platform;
}

export interface ResolveOptions {
  /** Default: the host's platform. */
  platform?: Platform | undefined;
  signal?: AbortSignal | undefined;
  /** Told when an endpoint (a mirror) failed and the next one is tried. */
  onFallback?: ((info: { endpoint: string; error: Error }) => void) | undefined;
}

export interface ResolveDeps {
  transport: Transport;
  policy: RetryPolicy;
}

export async function resolveFrom(deps: ResolveDeps, endpoints: Endpoint[], ref: ImageReference, opts: ResolveOptions): Promise<ResolvedImage> {
  for (let i = 0; ; i++) {
    const endpoint = endpoints[i]!;
    const last = i === endpoints.length - 1;
    const source: BlobSource = { endpoint, repository: ref.repository, display: familiarRepository(ref) };
    try {
      // A mirror gets one try per request: failing over beats waiting on it.
      return await resolveAt(deps, source, ref, opts, last ? undefined : 1);
    } catch (err) {
      if (last || !failsOver(err)) throw err;
      opts.onFallback?.({ endpoint: endpoint.url, error: err as Error });
    }
  }
}

function failsOver(err: unknown): boolean {
  return err instanceof RegistryError || err instanceof DigestMismatchError || err instanceof SizeMismatchError;
}

async function resolveAt(deps: ResolveDeps, source: BlobSource, ref: ImageReference, opts: ResolveOptions, attempts: number | undefined): Promise<ResolvedImage> {
  const common = { signal: opts.signal, attempts, timeoutMs: deps.policy.timeoutMs, shownAs: familiarName(ref) };
  const host = source.endpoint.host;
  const top = await fetchManifest(deps.transport, source, ref.digest ?? ref.tag ?? 'latest', common);
  let index: FetchedManifest | undefined;
  let image = top;
  let platform: Platform | undefined;
  if (top.manifest.kind === 'index') {
    index = top;
    const chosen = selectManifest(top.manifest, opts.platform ?? hostPlatform(), familiarName(ref));
    image = await fetchManifest(deps.transport, source, chosen.descriptor.digest, { ...common, expected: chosen.descriptor });
    platform = chosen.platform;
  }
  const manifest = image.manifest;
  if (manifest.kind !== 'image') throw protocolError(host, 'an index entry points at another index');
  if (!CONFIG_MEDIA_TYPES.has(manifest.config.mediaType)) {
    throw new UnsupportedMediaTypeError(manifest.config.mediaType, 'an image config', { hint: 'this is not a container image (an OCI artifact such as a Helm chart or signature?)' });
  }
  for (const layer of manifest.layers) layerCompression(layer.mediaType);

  const configBytes = await fetchSmallBlob(deps.transport, source, manifest.config, { ...common, limit: MAX_CONFIG_BYTES, what: 'image config' });
  const config = parseImageConfig(configBytes, host);
  if (config.rootfs.diff_ids.length !== manifest.layers.length) {
    throw protocolError(host, `the image config lists ${config.rootfs.diff_ids.length} diff_ids for ${manifest.layers.length} layers`);
  }
  const configPlatform = normalizePlatform({ os: config.os, architecture: config.architecture, variant: config.variant });
  if (!platform) {
    // A single-platform image: Docker pulls it anyway unless a platform was asked for.
    if (opts.platform && !runs(normalizePlatform(opts.platform), configPlatform)) {
      throw new PlatformNotFoundError(formatPlatform(normalizePlatform(opts.platform)), [formatPlatform(configPlatform)], { fields: { image: familiarName(ref) } });
    }
    platform = configPlatform;
  }
  const resolved: ResolvedImage = {
    source, reference: ref,
    manifestDigest: image.digest, manifestMediaType: image.mediaType, manifestBytes: image.bytes,
    configDigest: manifest.config.digest, configBytes, config,
    layers: manifest.layers, platform,
  };
  if (index) Object.assign(resolved, { indexDigest: index.digest, indexBytes: index.bytes, indexMediaType: index.mediaType });
  return resolved;
}

function runs(machine: Platform, image: Platform): boolean {
  return machine.os === image.os && machine.architecture === image.architecture && compatibleVariants(machine).includes(image.variant ?? '');
}
