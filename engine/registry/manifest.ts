// Manifests and indexes as served: OCI image manifest, OCI index, Docker
// schema 2 manifest, Docker manifest list. What the document is comes from
// the response's Content-Type, and a `mediaType` field inside must agree
// with it, and the fields must fit the type (CVE-2021-41190: a document that
// reads as a manifest to one client and as an index to another). Schema 1
// is refused with a hint.
import { UnsupportedMediaTypeError } from '../errors.js';
import { parseDescriptor, isObject, stringMap, type Descriptor } from './descriptor.js';
import { baseContentType, isSchema1, manifestKind } from './media-types.js';
import { protocolError } from './registry-errors.js';

export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

/** Largest manifest or index we read (containerd's limit). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Content types some registries send for any JSON: the document's own mediaType then decides. */
const GENERIC_TYPES = new Set(['', 'application/json', 'application/octet-stream', 'text/plain', 'binary/octet-stream']);

const SCHEMA1_HINT = 'Docker image manifest schema 1 is deprecated and unsupported; push the image again with a current Docker, buildah or skopeo';

export function parseManifest(bytes: Buffer, contentType: string | undefined, host: string): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw protocolError(host, 'the manifest is not valid JSON');
  }
  if (!isObject(doc)) throw protocolError(host, 'the manifest is not a JSON object');
  const header = baseContentType(contentType);
  const field = doc.mediaType;
  if (field !== undefined && typeof field !== 'string') throw protocolError(host, 'the manifest mediaType field is not a string');
  if (isSchema1(header) || (typeof field === 'string' && isSchema1(field)) || doc.schemaVersion === 1) {
    throw new UnsupportedMediaTypeError(isSchema1(header) ? header : 'application/vnd.docker.distribution.manifest.v1+json', 'a manifest', { hint: SCHEMA1_HINT });
  }

  let mediaType: string;
  if (manifestKind(header)) {
    if (field !== undefined && field !== header) {
      throw protocolError(host, `manifest media type mismatch: Content-Type is ${header} but the document says ${field} (CVE-2021-41190)`);
    }
    mediaType = header;
  } else if (GENERIC_TYPES.has(header)) {
    mediaType = field ?? inferType(doc, host);
  } else {
    throw new UnsupportedMediaTypeError(header, 'a manifest', { hint: 'expected an OCI or Docker schema 2 manifest or index' });
  }
  const kind = manifestKind(mediaType);
  if (!kind) throw new UnsupportedMediaTypeError(mediaType, 'a manifest', { hint: 'expected an OCI or Docker schema 2 manifest or index' });
  if (kind === 'image' && doc.manifests !== undefined) {
    throw protocolError(host, `a ${mediaType} must not carry "manifests" (CVE-2021-41190)`);
  }
  if (kind === 'index' && (doc.layers !== undefined || doc.config !== undefined)) {
    throw protocolError(host, `a ${mediaType} must not carry "layers" or "config" (CVE-2021-41190)`);
  }
  if (doc.schemaVersion !== 2) throw protocolError(host, `unsupported manifest schemaVersion ${JSON.stringify(doc.schemaVersion)}`);
  const bad = (problem: string): never => {
    throw protocolError(host, problem);
  };
  const annotations = doc.annotations === undefined ? undefined : stringMap(doc.annotations, bad);

  if (kind === 'index') {
    if (!Array.isArray(doc.manifests)) bad('the index has no "manifests" array');
    const manifests = (doc.manifests as unknown[]).map((m, i) => parseDescriptor(m, host, `index entry ${i + 1}`));
    return annotations ? { kind, mediaType, manifests, annotations } : { kind, mediaType, manifests };
  }
  if (!Array.isArray(doc.layers)) bad('the manifest has no "layers" array');
  const config = parseDescriptor(doc.config, host, 'the config descriptor');
  const layers = (doc.layers as unknown[]).map((l, i) => parseDescriptor(l, host, `layer ${i + 1}`));
  return annotations ? { kind, mediaType, config, layers, annotations } : { kind, mediaType, config, layers };
}

/** No usable Content-Type and no mediaType field: decide by shape, only when unambiguous (OCI allows omitting mediaType). */
function inferType(doc: Record<string, unknown>, host: string): string {
  const index = doc.manifests !== undefined;
  const image = doc.layers !== undefined || doc.config !== undefined;
  if (index && !image) return 'application/vnd.oci.image.index.v1+json';
  if (image && !index) return 'application/vnd.oci.image.manifest.v1+json';
  throw protocolError(host, 'cannot tell whether the document is a manifest or an index (no Content-Type, no mediaType; CVE-2021-41190)');
}
