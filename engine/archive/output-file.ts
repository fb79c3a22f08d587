// Writing an archive to a user's file all-or-nothing: a temporary file
// beside it, renamed over it only once the whole stream was written.
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fromSystemError } from '../errors.js';

export async function writeArchiveFile(stream: Readable, path: string, signal?: AbortSignal): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await pipeline(stream, createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true }), { signal });
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw fromSystemError(err, `writing ${path}`);
  }
}

/** Streams to stdout without ending it (the CLI may still print). */
export async function writeArchiveStdout(stream: Readable, out: Writable, signal?: AbortSignal): Promise<void> {
  await pipeline(stream, out, { signal, end: false });
}
