// --cidfile: Docker refuses a file that exists (another container may own
// it) and claims the file before creating anything, so a path it cannot
// write fails with nothing created; the ID is written there once created,
// and a create that fails removes the still-empty file again.
import { existsSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { UsageError, fromSystemError } from '../errors.js';

export function checkCidFile(path: string): void {
  if (path === '') throw new UsageError('invalid value "" for --cidfile: give a file path');
  if (existsSync(path)) {
    throw new UsageError(`container ID file found, make sure the other container isn't running or delete ${path}`);
  }
}

export interface CidFile {
  write(id: string): Promise<void>;
  /** The create failed: remove the file this run made. */
  abandon(): Promise<void>;
}

export async function claimCidFile(path: string): Promise<CidFile> {
  checkCidFile(path);
  let handle: FileHandle;
  try {
    // wx: never take over a file that appeared meanwhile.
    handle = await open(path, 'wx', 0o644);
  } catch (err) {
    throw fromSystemError(err, `creating the container ID file ${path}`);
  }
  return {
    write: async (id) => {
      try {
        await handle.writeFile(id);
      } catch (err) {
        throw fromSystemError(err, `writing the container ID file ${path}`);
      } finally {
        await handle.close();
      }
    },
    abandon: async () => {
      await handle.close().catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}
