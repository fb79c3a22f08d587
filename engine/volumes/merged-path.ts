// Finding a directory in the merged view of stacked overlay dirs (image
// layers, then a container's upper) without mounting it: which layer dirs
// make up the directory at a container path. Symlinks on the way are
// followed the way the container would see them, always inside the root
// (absolute links restart at the root, ".." never climbs above it), as the
// helper resolves mount targets. Whiteouts hide, opaque directories stop
// the layers below them.
import { lstat, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { isWhiteout } from '../archive/tree-entry.js';
import { opaqueDirs } from '../archive/xattrs.js';

const MAX_LINKS = 40;

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** trusted.overlay.opaque=y on a directory; unreadable counts as not opaque. */
function isOpaqueDir(path: string): Promise<boolean> {
  return opaqueDirs([path]).then((found) => found.has(path), () => false);
}

/** Components of `link` applied to `base` (a clean component list), never above the root. */
function applyLink(base: string[], link: string): string[] {
  const out = link.startsWith('/') ? [] : [...base];
  for (const part of link.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

/**
 * The layer directories (lowest first) merged at container path `target`,
 * or undefined when it is missing or not a directory there.
 */
export async function mergedDirSources(layersLowestFirst: readonly string[], target: string): Promise<string[] | undefined> {
  let parts = target.split('/').filter((p) => p !== '' && p !== '.');
  let links = 0;
  restart: for (;;) {
    // Top first: the layers that still contribute to the directory reached so far.
    let active = [...layersLowestFirst].reverse();
    for (let i = 0; i < parts.length; i++) {
      const next: string[] = [];
      let top: Stats | undefined;
      for (const dir of active) {
        const path = join(dir, parts[i]!);
        const st = await lstatOrUndefined(path);
        if (!st) continue;
        if (isWhiteout(st)) break;
        if (!top) {
          top = st;
          if (st.isSymbolicLink()) {
            if (++links > MAX_LINKS) return undefined;
            parts = [...applyLink(parts.slice(0, i), await readlink(path)), ...parts.slice(i + 1)];
            continue restart;
          }
          if (!st.isDirectory()) return undefined;
        }
        // Below the topmost directory only directories merge; anything else ends the stack.
        if (!st.isDirectory()) break;
        next.push(path);
        if (await isOpaqueDir(path)) break;
      }
      if (!top) return undefined;
      active = next;
    }
    return active.reverse();
  }
}
