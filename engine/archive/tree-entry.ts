// One file of a directory tree as a tar entry: lstat turned into a header,
// plus where its content is, for the layer and export writers.
import { readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { TarHeader } from './tar-header.js';

export interface TreeEntry {
  header: TarHeader;
  /** Absolute path of a regular file's content. */
  source?: string;
}

/** Tracks (dev, ino) of files with several links so later names become hardlinks. */
export class LinkTracker {
  private readonly seen = new Map<string, string>();
  /** The first name of this inode, or undefined (and remembers `name`). */
  firstName(st: Stats, name: string): string | undefined {
    if (st.nlink < 2) return undefined;
    const key = `${st.dev}:${st.ino}`;
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, name);
    return first;
  }
}

export function isWhiteout(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

function major(rdev: number): number {
  return ((rdev >>> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
}

function minor(rdev: number): number {
  return (rdev & 0xff) | ((rdev >>> 12) & ~0xff);
}

/**
 * The entry for `path` (named `name` in the archive), or undefined for what a
 * tar cannot hold (sockets). Hardlinks are resolved through `links`.
 */
export async function entryFor(path: string, name: string, st: Stats, links: LinkTracker, xattrs?: Record<string, Buffer>): Promise<TreeEntry | undefined> {
  const base = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: 0, mtime: Math.floor(st.mtimeMs / 1000), xattrs };
  if (st.isDirectory()) return { header: { ...base, type: 'dir' } };
  if (st.isSymbolicLink()) return { header: { ...base, type: 'symlink', linkname: (await readlink(path, { encoding: 'buffer' })).toString('utf8') } };
  if (st.isFile()) {
    const first = links.firstName(st, name);
    if (first !== undefined) return { header: { ...base, type: 'hardlink', linkname: first, xattrs: undefined } };
    return { header: { ...base, type: 'file', size: st.size }, source: path };
  }
  if (st.isCharacterDevice() || st.isBlockDevice()) {
    return { header: { ...base, type: st.isCharacterDevice() ? 'char' : 'block', devmajor: major(st.rdev), devminor: minor(st.rdev) } };
  }
  if (st.isFIFO()) return { header: { ...base, type: 'fifo' } };
  return undefined;
}
