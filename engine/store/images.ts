// Image records (by image ID, the config digest) and the name table mapping
// full references (docker.io/library/alpine:latest) to image IDs.
import { readdir, unlink } from 'node:fs/promises';
import { fromSystemError, StoreError } from '../errors.js';
import { readJsonIfExists, writeFileAtomic } from './atomic.js';
import type { StoreLayout } from './layout.js';

export interface ImageLayerRef {
  chainId: string;
  diffId: string;
  /** Compressed blob digest, media type and size as the registry served it. */
  digest: string | undefined;
  mediaType: string | undefined;
  size: number;
}

export interface ImageRecord {
  id: string;
  configDigest: string;
  manifestDigest: string;
  manifestMediaType: string;
  /** Index the manifest was selected from, when pulled by a multi-platform name. */
  indexDigest: string | undefined;
  repoDigests: string[];
  layers: ImageLayerRef[];
  os: string;
  architecture: string;
  variant: string | undefined;
  /** The image config's own creation time. */
  created: string | undefined;
  /** When this machine got the image. */
  storedAt: string;
  /** Bytes of all uncompressed layers. */
  size: number;
}

/** Full reference -> image ID. */
export type NameTable = Record<string, string>;

export async function readNames(layout: StoreLayout): Promise<NameTable> {
  const table = await readJsonIfExists<NameTable>(layout.repositoriesFile);
  if (table !== undefined && (typeof table !== 'object' || Array.isArray(table))) {
    throw new StoreError('STORE_CORRUPT', `${layout.repositoriesFile} is not a name table`);
  }
  return table ?? {};
}

export async function writeNames(layout: StoreLayout, table: NameTable): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
  await writeFileAtomic(layout.repositoriesFile, JSON.stringify(sorted, null, 2) + '\n', 0o600);
}

export async function getImage(layout: StoreLayout, id: string): Promise<ImageRecord | undefined> {
  return readJsonIfExists<ImageRecord>(layout.imageRecordPath(id));
}

export async function putImage(layout: StoreLayout, record: ImageRecord): Promise<void> {
  await writeFileAtomic(layout.imageRecordPath(record.id), JSON.stringify(record, null, 2) + '\n', 0o600);
}

export async function deleteImage(layout: StoreLayout, id: string): Promise<void> {
  await unlink(layout.imageRecordPath(id)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw fromSystemError(err, `deleting image ${id}`);
  });
}

export async function listImages(layout: StoreLayout): Promise<ImageRecord[]> {
  let names: string[];
  try {
    names = await readdir(layout.imagesDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fromSystemError(err, 'listing images');
  }
  const records: ImageRecord[] = [];
  for (const name of names) {
    const m = /^([0-9a-f]{64})\.json$/.exec(name);
    if (!m) continue;
    const record = await getImage(layout, `sha256:${m[1]}`);
    if (record) records.push(record);
  }
  return records;
}

/** The names pointing at an image, in table order. */
export function namesOf(table: NameTable, id: string): string[] {
  return Object.entries(table).filter(([, target]) => target === id).map(([name]) => name);
}
