// Walks the merged view of stacked overlay directories (lowest first, e.g.
// the image's layer diffs and a container's upper) without mounting it:
// upper names hide lower ones, whiteouts delete, opaque directories hide
// everything below them. Yields plain entries, as `export` writes them.
import { readdir, lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { throwIfAborted } from '../errors.js';
import { readTreeXattrs, type TreeXattrs } from './xattrs.js';
import { byteOrder } from './diff-walker.js';
import { entryFor, isWhiteout, LinkTracker, type TreeEntry } from './tree-entry.js';

interface Source {
  /** Index into the layer list (higher = nearer the top). */
  layer: number;
  path: string;
  st: Stats;
}

export async function* walkMerged(layerDirs: readonly string[], signal?: AbortSignal): AsyncGenerator<TreeEntry> {
  const attrs: TreeXattrs[] = [];
  for (const dir of layerDirs) attrs.push(await readTreeXattrs(dir, signal));
  const links = new LinkTracker();

  // `dirs`: the directories merged at `rel`, topmost first.
  async function* walk(rel: string, dirs: Source[]): AsyncGenerator<TreeEntry> {
    throwIfAborted(signal);
    const chosen = new Map<string, Source[] | null>();
    for (const dir of dirs) {
      for (const name of await readdir(dir.path)) {
        const prior = chosen.get(name);
        if (prior === null) continue;
        const path = join(dir.path, name);
        const st = await lstat(path);
        const relName = rel ? `${rel}/${name}` : name;
        if (prior === undefined) {
          chosen.set(name, isWhiteout(st) ? null : [{ layer: dir.layer, path, st }]);
          continue;
        }
        // A higher layer has a directory here: a lower directory merges into it unless opaque above.
        const top = prior[0]!;
        const last = prior[prior.length - 1]!;
        if (top.st.isDirectory() && st.isDirectory() && !attrs[last.layer]!.opaque.has(relName)) prior.push({ layer: dir.layer, path, st });
      }
    }
    for (const name of [...chosen.keys()].sort(byteOrder)) {
      const sources = chosen.get(name);
      if (!sources) continue;
      const top = sources[0]!;
      const relName = rel ? `${rel}/${name}` : name;
      const entry = await entryFor(top.path, relName, top.st, links, attrs[top.layer]!.kept.get(relName));
      if (!entry) continue;
      yield entry;
      if (top.st.isDirectory()) yield* walk(relName, sources.filter((s) => s.st.isDirectory()));
    }
  }

  const roots: Source[] = [];
  for (let i = layerDirs.length - 1; i >= 0; i--) roots.push({ layer: i, path: layerDirs[i]!, st: await lstat(layerDirs[i]!) });
  yield* walk('', roots);
}
