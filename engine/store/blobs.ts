// Content-addressed blobs: manifests, indexes, image configs and the
// compressed layer blobs, kept verbatim so their digests stay checkable and
// push can send the exact bytes again.
import { link, readFile, stat, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { DigestMismatchError, fromSystemError } from '../errors.js';
import { syncDir, writeFileAtomic } from './atomic.js';
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

/**
 * Moves a complete, already verified file (fsynced by the caller) into
 * blobs/ under its digest. An existing blob wins: same name, same bytes.
 * The file is gone afterwards either way.
 */
export async function adoptBlobFile(layout: StoreLayout, digest: string, file: string): Promise<void> {
  const target = layout.blobPath(digest);
  try {
    // link, not rename: it fails instead of replacing a blob a reader may hold open.
    await link(file, target);
    await syncDir(layout.blobsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fromSystemError(err, `storing blob ${digest}`);
  } finally {
    await unlink(file).catch(() => undefined);
  }
}
