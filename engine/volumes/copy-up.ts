// Docker's volume copy-up: a volume that is still empty when a container
// starts gets the content the container's image has at the mount target
// (files, owners, modes, xattrs, symlinks, hardlinks, devices), unless the
// mount says nocopy. The merged view of the layers is read without mounting
// (archive/merged-walker.ts) and written as a tar through the helper's
// apply-layer, which creates every entry fd-relative without following
// links, into a scratch directory that then replaces the empty `_data` in
// one rename. A volume with any entry is never touched; neither is one a
// running container has mounted (it would keep seeing the old directory).
import { existsSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, readdir, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fromSystemError } from '../errors.js';
import type { StoreLayout } from '../store/layout.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import { walkMerged } from '../archive/merged-walker.js';
import { tarChunks } from '../archive/tar-pack.js';
import type { TreeEntry } from '../archive/tree-entry.js';
import { applyLayer } from '../helper/apply-layer.js';
import type { MountSpec } from './mount-spec.js';
import { volumeDataDir } from './volume-store.js';
import { mergedDirSources } from './merged-path.js';
import type { ContainerConfig } from '../containers/record.js';
import { readAllRecords } from '../containers/lookup.js';
import { monitorAlive } from '../containers/reconcile.js';
import { containerLayerDirs } from '../containers/file-layers.js';

export interface CopyUpResult {
  /** Volumes that received the image's content. */
  copied: string[];
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fromSystemError(err, `reading volume ${basename(dirname(dir))}`);
  }
}

/** The volume's root takes the owner and mode of the image's directory (Docker's copyOwnership). */
async function* withRoot(st: Stats, entries: AsyncIterable<TreeEntry>): AsyncGenerator<TreeEntry> {
  yield { header: { name: './', type: 'dir', mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: 0, mtime: Math.floor(st.mtimeMs / 1000) } };
  yield* entries;
}

/**
 * Fills each empty volume of `mounts` from the container's view at its
 * target. `layersLowestFirst`: the image layer diffs, then the container's
 * upper if it exists. `busy`: volumes a running container has mounted.
 * Call under the store lock.
 */
export async function copyUpVolumes(
  layout: StoreLayout,
  mounts: readonly MountSpec[] | undefined,
  layersLowestFirst: readonly string[],
  busy: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<CopyUpResult> {
  const copied: string[] = [];
  const layers = layersLowestFirst.filter((d) => existsSync(d));
  for (const m of mounts ?? []) {
    if (m.type !== 'volume' || m.noCopy || busy.has(m.source)) continue;
    const data = volumeDataDir(layout, m.source);
    if (!(await isEmptyDir(data))) continue;
    const sources = await mergedDirSources(layers, m.target);
    if (!sources?.length) continue;
    const topStat = await lstat(sources[sources.length - 1]!);
    const scratch = await makeTmpDir(layout, 'copy-up');
    try {
      const filled = join(scratch, 'data');
      await applyLayer([Readable.from(tarChunks(withRoot(topStat, walkMerged(sources, signal)), signal))], {
        store: layout.root, target: filled, signal,
      });
      // Nothing to copy (the image's directory is empty): leave the volume as it was.
      if (await isEmptyDir(filled)) continue;
      // rename(2) replaces an empty directory atomically; a volume filled meanwhile makes it fail (ENOTEMPTY).
      try {
        await rename(filled, data);
        copied.push(m.source);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw fromSystemError(err, `filling volume ${m.source}`);
      }
    } finally {
      await removeTree(scratch);
    }
  }
  return { copied };
}

/** copyUpVolumes for a container about to start: its own layers and upper, other running containers' volumes busy. */
export async function copyUpForStart(layout: StoreLayout, config: ContainerConfig, signal?: AbortSignal): Promise<CopyUpResult> {
  if (!config.mounts?.some((m) => m.type === 'volume' && !m.noCopy)) return { copied: [] };
  const busy = new Set<string>();
  for (const r of await readAllRecords(layout)) {
    if (r.config.id === config.id || r.state.status !== 'running' || !monitorAlive(r.state)) continue;
    for (const m of r.config.mounts ?? []) if (m.type === 'volume') busy.add(m.source);
  }
  return copyUpVolumes(layout, config.mounts, containerLayerDirs(layout, config), busy, signal);
}
