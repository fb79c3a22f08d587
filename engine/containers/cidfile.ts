// --cidfile: Docker refuses a file that exists (another container may own
// it) before creating anything, then writes the new ID there.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { UsageError, fromSystemError } from '../errors.js';

export function checkCidFile(path: string): void {
  if (path === '') throw new UsageError('invalid value "" for --cidfile: give a file path');
  if (existsSync(path)) {
    throw new UsageError(`container ID file found, make sure the other container isn't running or delete ${path}`);
  }
}

export async function writeCidFile(path: string, id: string): Promise<void> {
  try {
    // wx: never overwrite a file that appeared meanwhile.
    await writeFile(path, id, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    throw fromSystemError(err, `writing the container ID file ${path}`);
  }
}
