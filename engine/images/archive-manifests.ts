// What an unpacked image archive holds, as a list of images to load: from
// docker-archive's manifest.json, or from an OCI layout's index.json. Every
// path, digest, size and name is checked here, before anything is stored.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { ArchiveError, TscontainError } from '../errors.js';
import type { ExtractedArchive, ArchiveFile } from '../archive/archive-reader.js';
import { parseImageConfig, MAX_CONFIG_BYTES, type ImageConfig } from '../registry/image-config.js';
import { parseDescriptor, isObject, type Descriptor } from '../registry/descriptor.js';
import { layerCompression, manifestKind, type LayerCompression } from '../registry/media-types.js';
import { hostPlatform } from '../reference/platform.js';
import { targetName } from './local-image.js';

export interface ArchiveLayer {
  file: ArchiveFile;
  /** Detected from the bytes for docker-archive, from the media type for OCI. */
  compression: LayerCompression | 'detect';
  /** OCI: the blob digest the file must have. */
  digest?: string;
  diffId: string;
}

export interface ArchiveImage {
  configBytes: Buffer;
  config: ImageConfig;
  layers: ArchiveLayer[];
  names: string[];
}

const HOST = 'archive';

function config(bytes: Buffer, where: string): ImageConfig {
  try {
    return parseImageConfig(bytes, HOST);
  } catch (err) {
    if (err instanceof TscontainError) throw new ArchiveError(`${where}: ${err.message.replace(/^archive: /, '')}`);
    throw err;
  }
}

async function readFileLimited(archive: ExtractedArchive, name: string, what: string): Promise<Buffer> {
  const file = archive.require(name, what);
  if (file.size > MAX_CONFIG_BYTES) throw new ArchiveError(`${what} "${name}" is ${file.size} bytes, more than the ${MAX_CONFIG_BYTES} allowed`);
  return readFile(file.path);
}

export async function dockerArchiveImages(archive: ExtractedArchive): Promise<ArchiveImage[]> {
  const doc = await archive.readJson('manifest.json', 'manifest');
  if (!Array.isArray(doc) || doc.length === 0) throw new ArchiveError('manifest.json must be a non-empty JSON array');
  const images: ArchiveImage[] = [];
  for (const [i, entry] of doc.entries()) {
    const where = `manifest.json entry ${i + 1}`;
    if (!isObject(entry) || typeof entry.Config !== 'string' || !Array.isArray(entry.Layers) || entry.Layers.some((l) => typeof l !== 'string')) {
      throw new ArchiveError(`${where}: needs "Config" (a path) and "Layers" (paths)`);
    }
    const tags = entry.RepoTags ?? [];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new ArchiveError(`${where}: "RepoTags" must be an array of names`);
    const configBytes = await readFileLimited(archive, entry.Config, 'the image config');
    const cfg = config(configBytes, where);
    const layerPaths = entry.Layers as string[];
    if (layerPaths.length !== cfg.rootfs.diff_ids.length) {
      throw new ArchiveError(`${where}: ${layerPaths.length} layers but the config lists ${cfg.rootfs.diff_ids.length} diff_ids`);
    }
    images.push({
      configBytes,
      config: cfg,
      layers: layerPaths.map((p, j) => ({ file: archive.require(p, 'layer'), compression: 'detect', diffId: cfg.rootfs.diff_ids[j]! })),
      names: (tags as string[]).map((t) => name(t, where)),
    });
  }
  return images;
}

function name(tag: string, where: string): string {
  try {
    return targetName(tag);
  } catch (err) {
    throw new ArchiveError(`${where}: ${(err as Error).message}`);
  }
}

function blobPath(digest: string): string {
  const colon = digest.indexOf(':');
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}

/** A blob file checked against its descriptor's size and digest. */
async function verifiedBlob(archive: ExtractedArchive, d: Descriptor, what: string): Promise<ArchiveFile> {
  const file = archive.require(blobPath(d.digest), what);
  if (file.size !== d.size) throw new ArchiveError(`${what} ${d.digest}: ${file.size} bytes where the descriptor says ${d.size}`);
  const hash = createHash(d.digest.slice(0, d.digest.indexOf(':')));
  for await (const chunk of createReadStream(file.path)) hash.update(chunk as Buffer);
  const actual = `${d.digest.slice(0, d.digest.indexOf(':'))}:${hash.digest('hex')}`;
  if (actual !== d.digest) throw new ArchiveError(`${what} ${d.digest}: content hashes to ${actual}`);
  return file;
}

async function readDescriptorJson(archive: ExtractedArchive, d: Descriptor, what: string): Promise<{ bytes: Buffer; doc: Record<string, unknown> }> {
  if (d.size > MAX_CONFIG_BYTES) throw new ArchiveError(`${what} ${d.digest} claims ${d.size} bytes, more than the ${MAX_CONFIG_BYTES} allowed`);
  const file = await verifiedBlob(archive, d, what);
  const bytes = await readFile(file.path);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ArchiveError(`${what} ${d.digest} is not valid JSON`);
  }
  if (!isObject(doc)) throw new ArchiveError(`${what} ${d.digest} is not a JSON object`);
  return { bytes, doc };
}

function descriptor(value: unknown, label: string): Descriptor {
  try {
    return parseDescriptor(value, HOST, label);
  } catch (err) {
    throw new ArchiveError(`${(err as Error).message.replace(/^archive: /, '')}`);
  }
}

export async function ociLayoutImages(archive: ExtractedArchive): Promise<ArchiveImage[]> {
  const index = await archive.readJson('index.json', 'index');
  if (!isObject(index) || !Array.isArray(index.manifests)) throw new ArchiveError('index.json must have a "manifests" array');
  const images: ArchiveImage[] = [];
  for (const [i, raw] of index.manifests.entries()) {
    let d = descriptor(raw, `index.json manifest ${i + 1}`);
    const annotations = d.annotations ?? {};
    const refName = annotations['io.containerd.image.name'] ?? annotations['org.opencontainers.image.ref.name'];
    if (manifestKind(d.mediaType) === 'index') d = await pickPlatform(archive, d);
    if (manifestKind(d.mediaType) !== 'image') throw new ArchiveError(`index.json manifest ${i + 1}: unsupported media type ${d.mediaType}`);
    const { doc: manifest } = await readDescriptorJson(archive, d, 'manifest');
    const configD = descriptor(manifest.config, `manifest ${d.digest} config`);
    const { bytes: configBytes } = await readDescriptorJson(archive, configD, 'config');
    const cfg = config(configBytes, `manifest ${d.digest}`);
    if (!Array.isArray(manifest.layers)) throw new ArchiveError(`manifest ${d.digest} has no "layers" array`);
    if (manifest.layers.length !== cfg.rootfs.diff_ids.length) {
      throw new ArchiveError(`manifest ${d.digest}: ${manifest.layers.length} layers but the config lists ${cfg.rootfs.diff_ids.length} diff_ids`);
    }
    const layers: ArchiveLayer[] = [];
    for (const [j, rawLayer] of manifest.layers.entries()) {
      const ld = descriptor(rawLayer, `manifest ${d.digest} layer ${j + 1}`);
      let compression: LayerCompression;
      try {
        compression = layerCompression(ld.mediaType);
      } catch (err) {
        throw new ArchiveError((err as Error).message);
      }
      const file = archive.require(blobPath(ld.digest), 'layer');
      if (file.size !== ld.size) throw new ArchiveError(`layer ${ld.digest}: ${file.size} bytes where the manifest says ${ld.size}`);
      layers.push({ file, compression, digest: ld.digest, diffId: cfg.rootfs.diff_ids[j]! });
    }
    // A bare tag ("latest", as Docker writes it) names nothing on its own.
    const names = refName && /[:/]/.test(refName) ? [name(refName, 'index.json')] : [];
    images.push({ configBytes, config: cfg, layers, names });
  }
  return images;
}

async function pickPlatform(archive: ExtractedArchive, d: Descriptor): Promise<Descriptor> {
  const { doc } = await readDescriptorJson(archive, d, 'index');
  const host = hostPlatform();
  const entries = Array.isArray(doc.manifests) ? doc.manifests.map((m, i) => descriptor(m, `index ${d.digest} entry ${i + 1}`)) : [];
  const match = entries.find((m) => m.platform?.os === host.os && m.platform.architecture === host.architecture && manifestKind(m.mediaType) === 'image');
  if (!match) throw new ArchiveError(`index ${d.digest} has no image for ${host.os}/${host.architecture}`);
  return { ...match, annotations: d.annotations };
}
