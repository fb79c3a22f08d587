// The layers of a container as readContainerFiles takes them, each saying
// which of its directories are opaque without an xattr read on the start
// path: an image layer from its record (`opaqueDirs`, reported by the
// helper when the layer was applied), the upper dir from its cache. A record
// older than the field is scanned once with getfattr and the field written
// back, so the next start finds it.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { opaqueTree } from '../archive/xattrs.js';
import { writeFileAtomic } from '../store/atomic.js';
import { getLayer, type LayerRecord } from '../store/layers.js';
import type { StoreLayout } from '../store/layout.js';
import type { FileLayer } from './image-files.js';
import { ContainerPaths, type ContainerConfig } from './record.js';
import { UpperOpaqueCache } from './upper-opaque.js';

/** The opaque directories of a layer; undefined when neither its record nor a scan can tell. */
async function layerOpaqueDirs(layout: StoreLayout, chainId: string): Promise<string[] | undefined> {
  const record = await getLayer(layout, chainId).catch(() => undefined);
  if (record?.opaqueDirs) return record.opaqueDirs;
  const found = await opaqueTree(layout.layerDiffDir(chainId)).catch(() => undefined);
  if (!found) return undefined;
  const opaqueDirs = [...found].sort();
  if (record) await writeBack(layout, { ...record, opaqueDirs });
  return opaqueDirs;
}

/** Atomic, and only while the layer is still there (an rmi may be removing it). */
async function writeBack(layout: StoreLayout, record: LayerRecord): Promise<void> {
  const path = layout.layerRecordPath(record.chainId);
  if (!(await getLayer(layout, record.chainId).catch(() => undefined))) return;
  await writeFileAtomic(path, JSON.stringify(record, null, 2)).catch(() => undefined);
}

/** Image layers, given bottom first as in an image record; returned topmost first. */
export async function imageFileLayers(layout: StoreLayout, chainIds: readonly string[]): Promise<FileLayer[]> {
  const topFirst = [...chainIds].reverse();
  return Promise.all(topFirst.map(async (chainId, i) => {
    const dir = layout.layerDiffDir(chainId);
    // Nothing lies below the bottom layer for its opaque directories to hide: no scan for it.
    if (i === topFirst.length - 1) return { dir, opaque: () => false };
    const known = await layerOpaqueDirs(layout, chainId);
    if (!known) return { dir };
    const set = new Set(known);
    return { dir, opaque: (rel: string) => set.has(rel) };
  }));
}

export function upperFileLayer(upper: string, cache: UpperOpaqueCache): FileLayer {
  return {
    dir: upper,
    opaque: (rel, st) => cache.lookup(rel, st),
    learn: (rel, st, opaque) => cache.note(rel, st, opaque),
    flush: () => cache.save(),
  };
}

/** The image's layer diffs lowest first, then the container's upper dir: the order walkMerged and copy-up take. */
export function containerLayerDirs(layout: StoreLayout, config: Pick<ContainerConfig, 'id' | 'layers'>): string[] {
  return [...config.layers.map((l) => layout.layerDiffDir(l)), new ContainerPaths(layout, config.id).upper];
}

/** The container's upper dir, then its image's layers: what its root shows. */
export async function containerFileLayers(layout: StoreLayout, config: Pick<ContainerConfig, 'id' | 'layers'>): Promise<FileLayer[]> {
  const upper = new ContainerPaths(layout, config.id).upper;
  const [cache, image] = await Promise.all([UpperOpaqueCache.load(upper), imageFileLayers(layout, config.layers)]);
  return [upperFileLayer(upper, cache), ...image];
}

/** At create, after tscontain made `rels` in the upper dir itself: none is opaque. */
export async function noteUpperDirs(upper: string, rels: readonly string[]): Promise<void> {
  const cache = await UpperOpaqueCache.load(upper);
  for (const rel of rels) {
    const st = await lstat(join(upper, rel), { bigint: true }).catch(() => undefined);
    if (st?.isDirectory()) cache.note(rel, st, false);
  }
  await cache.save();
}
