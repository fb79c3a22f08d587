// Reading files as the container would see them, without mounting anything:
// the topmost layer holding a file wins; an overlay whiteout (a 0:0 character
// device) at the file or at one of its parent directories hides every lower
// copy, and so does an opaque directory (trusted.overlay.opaque=y) among its
// parents in a higher layer. Which directories are opaque the layers say
// when they know (image layers from their records, the upper dir from its
// cache: see file-layers.ts); Node cannot read trusted.* xattrs, so the
// rest come from one getfattr run (package attr) for all the files asked at
// once, and only when a lower layer holds a file below a directory of a
// higher layer. Symlinks are not followed (a container's /etc/passwd is a
// regular file in practice).
import type { BigIntStats } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { opaqueDirs } from '../archive/xattrs.js';

/** One overlay layer; a plain string is a layer that knows nothing of its opaque directories. */
export interface FileLayer {
  dir: string;
  /** Whether directory `rel` (relative to `dir`, lstat `st`) is opaque, when known without xattrs. */
  opaque?(rel: string, st: BigIntStats): boolean | undefined;
  /** What getfattr found for a directory `opaque` did not know. */
  learn?(rel: string, st: BigIntStats, opaque: boolean): void;
  /** Called once after a read, to keep what was learned. */
  flush?(): Promise<void>;
}

interface ParentDir { layer: FileLayer; rel: string; path: string; st: BigIntStats }

type Found = { kind: 'file' | 'hidden' } | { kind: 'absent'; dirs: ParentDir[] };

/** Whether `parts` is a file in `layer`; for an absent one, which of its parent dirs the layer has. */
async function look(layer: FileLayer, parts: string[]): Promise<Found> {
  const dirs: ParentDir[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    const path = join(layer.dir, rel);
    const st = await lstat(path, { bigint: true }).catch(() => undefined);
    if (!st) return { kind: 'absent', dirs };
    if (st.isCharacterDevice() && st.rdev === 0n) return { kind: 'hidden' };
    if (i < parts.length && !st.isDirectory()) return { kind: 'hidden' };
    if (i === parts.length) return st.isFile() ? { kind: 'file' } : { kind: 'absent', dirs };
    dirs.push({ layer, rel, path, st });
  }
  return { kind: 'absent', dirs };
}

interface Located { dir: string; parts: string[]; above: ParentDir[] }

/** Where a file is: the layer dir holding it and the parent dirs of higher layers that might be opaque. */
async function locate(layers: readonly FileLayer[], path: string): Promise<Located | undefined> {
  const parts = path.split('/').filter((p) => p && p !== '.');
  const above: ParentDir[] = [];
  for (const layer of layers) {
    const found = await look(layer, parts);
    if (found.kind === 'hidden') return undefined;
    if (found.kind === 'absent') above.push(...found.dirs);
    else return { dir: layer.dir, parts, above };
  }
  return undefined;
}

/** The opaque ones among `dirs`: what the layers know, and one getfattr run for the rest. */
async function opaqueAmong(dirs: readonly ParentDir[]): Promise<Set<string>> {
  const opaque = new Set<string>();
  const unknown = new Map<string, ParentDir>();
  for (const d of dirs) {
    const known = d.layer.opaque?.(d.rel, d.st);
    if (known === true) opaque.add(d.path);
    else if (known === undefined) unknown.set(d.path, d);
  }
  if (unknown.size === 0) return opaque;
  const found = await opaqueDirs([...unknown.keys()]);
  for (const [path, d] of unknown) {
    if (found.has(path)) opaque.add(path);
    d.layer.learn?.(d.rel, d.st, found.has(path));
  }
  return opaque;
}

/**
 * `layers` are overlay layers, topmost first (a container's upper dir, then
 * the image's layer diffs from the top); `paths` are absolute in the
 * container. Each result is the file's text, or undefined when the
 * container would not see a regular file there (or it exceeds maxBytes).
 */
export async function readContainerFiles(layers: readonly (string | FileLayer)[], paths: readonly string[], maxBytes = 4 << 20): Promise<(string | undefined)[]> {
  const views = layers.map((l) => (typeof l === 'string' ? { dir: l } : l));
  const located = await Promise.all(paths.map((p) => locate(views, p)));
  const opaque = await opaqueAmong([...new Map(located.flatMap((l) => l?.above ?? []).map((d) => [d.path, d])).values()]);
  await Promise.all(views.map((v) => v.flush?.()));
  return Promise.all(located.map(async (l) => {
    if (!l || l.above.some((d) => opaque.has(d.path))) return undefined;
    const data = await readFile(join(l.dir, ...l.parts)).catch(() => undefined);
    return data && data.length <= maxBytes ? data.toString('utf8') : undefined;
  }));
}
