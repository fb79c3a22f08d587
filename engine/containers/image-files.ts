// Reading files as the container would see them, without mounting anything:
// the topmost layer holding a file wins; an overlay whiteout (a 0:0 character
// device) at the file or at one of its parent directories hides every lower
// copy, and so does an opaque directory (trusted.overlay.opaque=y) among its
// parents in a higher layer. Node cannot read trusted.* xattrs, so the
// opaque marks come from one getfattr run (package attr) for all the files
// asked at once, and only when a lower layer holds a file below a directory
// of a higher layer. Symlinks are not followed (a container's /etc/passwd is
// a regular file in practice).
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { opaqueDirs } from '../archive/xattrs.js';

type Found = { kind: 'file' | 'hidden' } | { kind: 'absent'; dirs: string[] };

/** Whether `parts` is a file in `dir`; for an absent one, which of its parent dirs `dir` has. */
async function look(dir: string, parts: string[]): Promise<Found> {
  const dirs: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const path = join(dir, ...parts.slice(0, i));
    const st = await lstat(path).catch(() => undefined);
    if (!st) return { kind: 'absent', dirs };
    if (st.isCharacterDevice() && st.rdev === 0) return { kind: 'hidden' };
    if (i < parts.length && !st.isDirectory()) return { kind: 'hidden' };
    if (i === parts.length) return st.isFile() ? { kind: 'file' } : { kind: 'absent', dirs };
    dirs.push(path);
  }
  return { kind: 'absent', dirs };
}

/** Where a file is: the layer dir holding it and the parent dirs of higher layers that might be opaque. */
async function locate(dirs: readonly string[], path: string): Promise<{ dir: string; parts: string[]; above: string[] } | undefined> {
  const parts = path.split('/').filter((p) => p && p !== '.');
  const above: string[] = [];
  for (const dir of dirs) {
    const found = await look(dir, parts);
    if (found.kind === 'hidden') return undefined;
    if (found.kind === 'absent') above.push(...found.dirs);
    else return { dir, parts, above };
  }
  return undefined;
}

/**
 * `dirs` are overlay layers, topmost first (a container's upper dir, then
 * the image's layer diffs from the top); `paths` are absolute in the
 * container. Each result is the file's text, or undefined when the
 * container would not see a regular file there (or it exceeds maxBytes).
 */
export async function readContainerFiles(dirs: readonly string[], paths: readonly string[], maxBytes = 4 << 20): Promise<(string | undefined)[]> {
  const located = await Promise.all(paths.map((p) => locate(dirs, p)));
  const candidates = [...new Set(located.flatMap((l) => l?.above ?? []))];
  const opaque = await opaqueDirs(candidates);
  return Promise.all(located.map(async (l) => {
    if (!l || l.above.some((d) => opaque.has(d))) return undefined;
    const data = await readFile(join(l.dir, ...l.parts)).catch(() => undefined);
    return data && data.length <= maxBytes ? data.toString('utf8') : undefined;
  }));
}

export async function readContainerFile(dirs: readonly string[], path: string, maxBytes = 4 << 20): Promise<string | undefined> {
  return (await readContainerFiles(dirs, [path], maxBytes))[0];
}
