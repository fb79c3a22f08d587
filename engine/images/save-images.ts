// `save`: images as one archive that `docker load`, `podman load` and
// tscontain read. The layout is Docker 25's: an OCI image layout (index.json,
// oci-layout, blobs/sha256) whose files manifest.json and repositories also
// describe in docker-archive form. Layer tars are the kept blobs
// decompressed, so they hash to the config's diff_ids and the image ID stays;
// a layer whose blob is missing is regenerated from diff/ (new ID, warned).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { DigestMismatchError } from '../errors.js';
import { archiveStream, type ArchiveEntry } from '../archive/archive-writer.js';
import { walkDiff } from '../archive/diff-walker.js';
import { tarStream } from '../archive/tar-pack.js';
import { decompressor } from '../layers/decompress.js';
import { getBlob, hasBlob, sha256Digest } from '../store/blobs.js';
import { readNames, type ImageRecord } from '../store/images.js';
import { getLayer } from '../store/layers.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import { digestHex, type StoreLayout } from '../store/layout.js';
import { layerCompression, MEDIA_TYPES } from '../registry/media-types.js';
import { familiarName, familiarRepository, parseReference } from '../reference/reference.js';
import { findImage } from './find-image.js';
import { spoolPlainTar } from '../layers/layer-blob.js';

export type SaveFormat = 'docker-archive' | 'oci-archive';

export interface SaveOptions {
  format?: SaveFormat;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

interface LayerSource {
  diffId: string;
  size: number;
  open: () => AsyncIterable<Buffer>;
}

interface SavedImage {
  configBytes: Buffer;
  tags: string[];
  layers: LayerSource[];
}

export interface SaveResult {
  stream: Readable;
  /** Removes scratch (regenerated layers) once the stream is done or abandoned. */
  cleanup: () => Promise<void>;
}

export async function saveImages(layout: StoreLayout, inputs: readonly string[], opts: SaveOptions = {}): Promise<SaveResult> {
  const names = await readNames(layout);
  const scratch = { dir: undefined as string | undefined };
  const images: SavedImage[] = [];
  try {
    for (const input of inputs) {
      const found = await findImage(layout, input, names);
      // Like docker save: the names given are kept; an image given by ID is saved without names.
      const tags = found.name ? [found.name] : [];
      images.push(await prepareImage(layout, found.record, tags, scratch, opts));
    }
  } catch (err) {
    if (scratch.dir) await removeTree(scratch.dir);
    throw err;
  }
  const stream = archiveStream(['blobs/', 'blobs/sha256/'], entries(images, opts.format ?? 'docker-archive'), opts.signal);
  return { stream, cleanup: async () => { if (scratch.dir) await removeTree(scratch.dir); } };
}

async function prepareImage(layout: StoreLayout, record: ImageRecord, tags: string[], scratch: { dir: string | undefined }, opts: SaveOptions): Promise<SavedImage> {
  let configBytes = await getBlob(layout, record.configDigest);
  const layers: LayerSource[] = [];
  let regenerated = false;
  for (const ref of record.layers) {
    const layer = await getLayer(layout, ref.chainId);
    // The image's own blob first (load may have kept one for a layer pulled earlier), then the layer's.
    let kept: { digest: string; mediaType: string } | undefined;
    for (const [digest, mediaType] of [[ref.digest, ref.mediaType], [layer?.digest, layer?.mediaType]]) {
      if (digest && mediaType && !kept && (await hasBlob(layout, digest))) kept = { digest, mediaType };
    }
    if (kept) {
      const kind = layerCompression(kept.mediaType);
      const path = layout.blobPath(kept.digest);
      layers.push({ diffId: ref.diffId, size: ref.size, open: () => verifiedTar(path, kind, ref.diffId) });
      continue;
    }
    scratch.dir ??= await makeTmpDir(layout, 'save');
    const spooled = await spoolPlainTar(tarStream(walkDiff(layout.layerDiffDir(ref.chainId), { signal: opts.signal })), scratch.dir, opts.signal);
    layers.push({ diffId: spooled.diffId, size: spooled.size, open: () => createReadStream(spooled.path) });
    regenerated = true;
  }
  if (regenerated) {
    const config = JSON.parse(configBytes.toString('utf8')) as { rootfs: { diff_ids: string[] } };
    config.rootfs.diff_ids = layers.map((l) => l.diffId);
    configBytes = Buffer.from(JSON.stringify(config));
    opts.onWarning?.(`image ${record.id.slice(7, 19)}: some layer blobs are not kept in the store, so their tars were rebuilt from the unpacked layers; the saved image gets the new ID ${sha256Digest(configBytes)}`);
  }
  return { configBytes, tags, layers };
}

/** The kept blob, decompressed, checked against the diff_id once fully read. */
async function* verifiedTar(path: string, kind: ReturnType<typeof layerCompression>, diffId: string): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(decompressor(kind));
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== diffId) throw new DigestMismatchError(`stored layer ${diffId}`, diffId, actual, { hint: 'the kept blob is damaged; pull or load the image again' });
}

function* entries(images: SavedImage[], format: SaveFormat): Generator<ArchiveEntry> {
  const written = new Set<string>();
  const blob = (digest: string, content: ArchiveEntry['content'], size: number): ArchiveEntry[] => {
    if (written.has(digest)) return [];
    written.add(digest);
    return [{ name: `blobs/sha256/${digestHex(digest)}`, size, content }];
  };
  const manifestJson: unknown[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  const index: unknown[] = [];
  for (const image of images) {
    const configDigest = sha256Digest(image.configBytes);
    yield* blob(configDigest, image.configBytes, image.configBytes.length);
    for (const layer of image.layers) yield* blob(layer.diffId, layer.open, layer.size);
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: image.configBytes.length },
      layers: image.layers.map((l) => ({ mediaType: MEDIA_TYPES.ociLayer, digest: l.diffId, size: l.size })),
    }));
    const manifestDigest = sha256Digest(manifest);
    yield* blob(manifestDigest, manifest, manifest.length);
    const descriptor = { mediaType: MEDIA_TYPES.ociManifest, digest: manifestDigest, size: manifest.length };
    if (image.tags.length === 0) index.push(descriptor);
    const familiar: string[] = [];
    for (const tag of image.tags) {
      const ref = parseReference(tag);
      familiar.push(familiarName(ref));
      index.push({ ...descriptor, annotations: { 'io.containerd.image.name': tag, 'org.opencontainers.image.ref.name': tag } });
      (repositories[familiarRepository(ref)] ??= {})[ref.tag!] = digestHex(configDigest);
    }
    manifestJson.push({
      Config: `blobs/sha256/${digestHex(configDigest)}`,
      RepoTags: familiar.length ? familiar : null,
      Layers: image.layers.map((l) => `blobs/sha256/${digestHex(l.diffId)}`),
    });
  }
  const json = (name: string, value: unknown): ArchiveEntry => {
    const content = Buffer.from(JSON.stringify(value));
    return { name, size: content.length, content };
  };
  yield json('index.json', { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: index });
  yield json('oci-layout', { imageLayoutVersion: '1.0.0' });
  if (format === 'docker-archive') {
    yield json('manifest.json', manifestJson);
    if (Object.keys(repositories).length) yield json('repositories', repositories);
  }
}
