// Multi-platform image indexes (OCI) and manifest lists (Docker), optionally
// with BuildKit-style attestation manifests (platform unknown/unknown) that a
// puller must skip when choosing a platform.
import { sha256Digest } from './digest.js';
import { buildImage, FIXED_CREATED, type BuiltImage } from './image-builder.js';
import { indexMediaType, MEDIA, type ImageFormat } from './media-types.js';

export type BuildIndexOptions = {
  /** Add one attestation manifest per image (`vnd.docker.reference.type: attestation-manifest`). */
  attestations?: boolean;
  annotations?: Record<string, string>;
};

export type BuiltIndex = {
  format: ImageFormat;
  manifest: Buffer; manifestMediaType: string; manifestDigest: string;
  /** Every manifest the index references, in index order (attestations included): push these first. */
  manifests: BuiltImage[];
  /** The attestation manifests alone (also in `manifests`). */
  attestations: BuiltImage[];
};

/** A minimal in-toto statement about `image`, as BuildKit attaches (provenance-like). */
function attestationFor(image: BuiltImage): BuiltImage {
  const statement = {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name: 'tscontain-test', digest: { sha256: image.manifestDigest.slice(7) } }],
    predicate: { builder: { id: 'tscontain-test' } },
  };
  return buildImage({
    format: 'oci',
    platform: { os: 'unknown', architecture: 'unknown' },
    layers: [{ tar: Buffer.from(JSON.stringify(statement)), compression: 'none', mediaType: MEDIA.inToto }],
    created: FIXED_CREATED,
  });
}

export function buildIndex(images: BuiltImage[], format: ImageFormat = 'oci', opts: BuildIndexOptions = {}): BuiltIndex {
  const entries: object[] = [];
  const manifests: BuiltImage[] = [];
  const attestations: BuiltImage[] = [];
  for (const image of images) {
    manifests.push(image);
    entries.push({
      mediaType: image.manifestMediaType, digest: image.manifestDigest, size: image.manifest.length,
      platform: { architecture: image.platform.architecture, os: image.platform.os,
        ...(image.platform.variant ? { variant: image.platform.variant } : {}) },
    });
  }
  if (opts.attestations) {
    for (const image of images) {
      const att = attestationFor(image);
      manifests.push(att);
      attestations.push(att);
      entries.push({
        mediaType: att.manifestMediaType, digest: att.manifestDigest, size: att.manifest.length,
        annotations: {
          'vnd.docker.reference.digest': image.manifestDigest,
          'vnd.docker.reference.type': 'attestation-manifest',
        },
        platform: { architecture: 'unknown', os: 'unknown' },
      });
    }
  }
  const mediaType = indexMediaType(format);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType, manifests: entries,
    ...(opts.annotations ? { annotations: opts.annotations } : {}),
  }));
  return { format, manifest, manifestMediaType: mediaType, manifestDigest: sha256Digest(manifest), manifests, attestations };
}
