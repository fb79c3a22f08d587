// Picks the image for a platform out of an index, as containerd's matcher
// does: entries are normalised (aarch64 -> arm64, arm64/v8 -> arm64, ...),
// attestation manifests and `unknown/unknown` entries are skipped, an exact
// variant beats a compatible older one (arm/v7 runs v6 and v5, amd64/v3 runs
// v2 and baseline), and the first entry wins among equals.
import { PlatformNotFoundError } from '../errors.js';
import { formatPlatform, normalizePlatform, type Platform } from '../reference/platform.js';
import type { Descriptor } from './descriptor.js';
import type { ImageIndex } from './manifest.js';
import { manifestKind } from './media-types.js';

const ATTESTATION = 'attestation-manifest';

/** Variants a machine of this platform runs, best first ('' = no variant). */
export function compatibleVariants(p: Platform): string[] {
  const variant = p.variant ?? '';
  const ladder = (all: string[]): string[] => {
    const i = all.indexOf(variant);
    return i < 0 ? [variant] : all.slice(i);
  };
  if (p.architecture === 'arm') return ladder(['v8', 'v7', 'v6', 'v5']);
  if (p.architecture === 'amd64') return ladder(['v4', 'v3', 'v2', '']);
  if (p.architecture === 'arm64') return ladder(['v9.5', 'v9.4', 'v9.3', 'v9.2', 'v9.1', 'v9.0', 'v9', 'v8.9', 'v8.8', 'v8.7', 'v8.6', 'v8.5', 'v8.4', 'v8.3', 'v8.2', 'v8.1', '']);
  return [variant];
}

/** Index entries that are runnable images, with their normalised platforms. */
export function imageEntries(index: ImageIndex): { descriptor: Descriptor; platform: Platform }[] {
  const out: { descriptor: Descriptor; platform: Platform }[] = [];
  for (const descriptor of index.manifests) {
    if (manifestKind(descriptor.mediaType) !== 'image') continue;
    if (descriptor.annotations?.['vnd.docker.reference.type'] === ATTESTATION) continue;
    const p = descriptor.platform;
    if (!p || p.os === 'unknown' || p.architecture === 'unknown') continue;
    out.push({ descriptor, platform: normalizePlatform(p) });
  }
  return out;
}

/** The best entry for `wanted`, or PlatformNotFoundError listing what the index offers. */
export function selectManifest(index: ImageIndex, wanted: Platform, name: string): { descriptor: Descriptor; platform: Platform } {
  const want = normalizePlatform(wanted);
  const variants = compatibleVariants(want);
  let best: { descriptor: Descriptor; platform: Platform } | undefined;
  let bestRank = Infinity;
  const entries = imageEntries(index);
  for (const entry of entries) {
    if (entry.platform.os !== want.os || entry.platform.architecture !== want.architecture) continue;
    const rank = variants.indexOf(entry.platform.variant ?? '');
    if (rank >= 0 && rank < bestRank) {
      best = entry;
      bestRank = rank;
    }
  }
  if (best) return best;
  const available = [...new Set(entries.map((e) => formatPlatform(e.platform)))];
  throw new PlatformNotFoundError(formatPlatform(want), available, { fields: { image: name } });
}
