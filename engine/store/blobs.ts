// Content-addressed blobs: manifests, indexes and image configs, kept
// verbatim so their digests stay checkable.
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { DigestMismatchError, fromSystemError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import type { StoreLayout } from './layout.js';

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function putBlob(layout: StoreLayout, digest: string, data: Uint8Array): Promise<void> {
  const actual = sha256Digest(data);
  if (actual !== digest) throw new DigestMismatchError('blob', digest, actual);
  if (await hasBlob(layout, digest)) return;
  await writeFileAtomic(layout.blobPath(digest), data, 0o600);
}

export async function hasBlob(layout: StoreLayout, digest: string): Promise<boolean> {
  try {
    await stat(layout.blobPath(digest));
    return true;
  } catch {
    return false;
  }
}

/** Reads a blob and checks it still matches its name. */
export async function getBlob(layout: StoreLayout, digest: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(layout.blobPath(digest));
  } catch (err) {
    throw fromSystemError(err, `reading blob ${digest}`);
  }
  const actual = sha256Digest(data);
  if (actual !== digest) throw new DigestMismatchError(`stored blob ${digest}`, digest, actual);
  return data;
}
