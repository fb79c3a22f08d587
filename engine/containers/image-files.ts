// Reading a file as the container would see it, without mounting anything:
// the topmost layer holding it wins; an overlay whiteout (a 0:0 character
// device) at the file or at one of its parent directories hides every lower
// copy. Opaque directories (an xattr Node cannot read) are not honoured: a
// file under one is still found in a lower layer. Symlinks are not followed
// (a container's /etc/passwd is a regular file in practice).
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';

type Found = 'file' | 'hidden' | 'absent';

async function look(dir: string, parts: string[]): Promise<Found> {
  for (let i = 1; i <= parts.length; i++) {
    const st = await lstat(join(dir, ...parts.slice(0, i))).catch(() => undefined);
    if (!st) return 'absent';
    if (st.isCharacterDevice() && st.rdev === 0) return 'hidden';
    if (i < parts.length && !st.isDirectory()) return 'hidden';
    if (i === parts.length) return st.isFile() ? 'file' : 'absent';
  }
  return 'absent';
}

/**
 * `dirs` are overlay layers, topmost first (a container's upper dir, then
 * the image's layer diffs from the top). `path` is absolute in the container.
 */
export async function readContainerFile(dirs: readonly string[], path: string, maxBytes = 4 << 20): Promise<string | undefined> {
  const parts = path.split('/').filter((p) => p && p !== '.');
  for (const dir of dirs) {
    const found = await look(dir, parts);
    if (found === 'hidden') return undefined;
    if (found === 'file') {
      const data = await readFile(join(dir, ...parts)).catch(() => undefined);
      return data && data.length <= maxBytes ? data.toString('utf8') : undefined;
    }
  }
  return undefined;
}
