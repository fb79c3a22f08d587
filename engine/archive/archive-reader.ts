// Unpacks an image archive (docker-archive or an OCI layout tar) from
// outside into scratch, as a map from archive paths to plain files. Nothing
// is recreated by name: every regular file is written as scratch/<n>, so no
// name can point anywhere; symlinks and hardlinks are kept as aliases that
// are resolved inside the archive or refused.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArchiveError, fromSystemError, TscontainError } from '../errors.js';
import { readTar, TarFormatError } from './tar-read.js';

export interface ArchiveFile {
  path: string;
  size: number;
}

/** Largest JSON document (manifest.json, index.json, a config) we read. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 100_000;

export class ExtractedArchive {
  readonly files = new Map<string, ArchiveFile>();
  readonly links = new Map<string, { target: string; symbolic: boolean }>();

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** The file an archive path names (following links inside the archive), or undefined. */
  lookup(name: string): ArchiveFile | undefined {
    const start = cleanName(name);
    if (start === undefined) return undefined;
    let current: string = start;
    for (let hops = 0; hops < 16; hops++) {
      const file = this.files.get(current);
      if (file) return file;
      const link = this.links.get(current);
      if (!link) return undefined;
      const next: string | undefined = link.symbolic ? cleanName(posix.join(posix.dirname(current), link.target)) : cleanName(link.target);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  }

  /** Like lookup, but a missing file is an error naming what wanted it. */
  require(name: string, what: string): ArchiveFile {
    const file = this.lookup(name);
    if (!file) throw new ArchiveError(`${what} "${name.slice(0, 200)}" is not in the archive (or points outside it)`);
    return file;
  }

  async readJson(name: string, what: string): Promise<unknown> {
    const file = this.require(name, what);
    if (file.size > MAX_JSON_BYTES) throw new ArchiveError(`${what} "${name}" is ${file.size} bytes, more than the ${MAX_JSON_BYTES} allowed`);
    try {
      return JSON.parse(await readFile(file.path, 'utf8'));
    } catch {
      throw new ArchiveError(`${what} "${name}" is not valid JSON`);
    }
  }
}

/** `./a//b/` -> `a/b`; undefined for absolute names or ones leaving the archive. */
export function cleanName(name: string): string | undefined {
  if (name.startsWith('/') || name.includes('\0')) return undefined;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export async function extractArchive(input: Readable | AsyncIterable<Buffer>, dir: string, signal?: AbortSignal): Promise<ExtractedArchive> {
  const archive = new ExtractedArchive();
  let count = 0;
  try {
    await readTar(input, async (header, body) => {
      if (signal?.aborted) throw signal.reason;
      if (++count > MAX_ENTRIES) throw new ArchiveError(`the archive has more than ${MAX_ENTRIES} entries`);
      const name = cleanName(header.name);
      if (name === undefined || (name === '' && header.type !== 'dir')) {
        throw new ArchiveError(`archive entry "${header.name.slice(0, 200)}" points outside the archive`);
      }
      if (header.type === 'file') {
        const path = join(dir, String(count));
        await pipeline(Readable.from(body), createWriteStream(path, { flags: 'wx', mode: 0o600 }), { signal });
        archive.files.set(name, { path, size: header.size });
        archive.links.delete(name);
      } else if (header.type === 'symlink' || header.type === 'hardlink') {
        archive.links.set(name, { target: header.linkname, symbolic: header.type === 'symlink' });
        archive.files.delete(name);
      }
      // Directories need no record; devices and fifos have no place in an image archive.
    });
  } catch (err) {
    if (err instanceof TarFormatError) throw new ArchiveError(`not a valid tar archive: ${err.message}`);
    if (err instanceof TscontainError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new ArchiveError(`the archive's compression is corrupt: ${(err as Error).message}`);
    throw fromSystemError(err, 'reading the archive');
  }
  return archive;
}
