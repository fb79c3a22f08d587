// `volume create/rm/prune` and the volume side of `rm -v`. Each holds the
// store lock, so a volume cannot be removed while a create is recording it
// in a new container, and "in use" means: named by any container record,
// running or not (Docker's rule).
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VolumeError } from '../errors.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths, type ContainerConfig, type ContainerRecord } from '../containers/record.js';
// Records as stored, not reconciled: reconcile itself calls in here.
import { readAllRecords } from '../containers/lookup.js';
import {
  ANONYMOUS_LABEL, REMOVE_WITH_FILE, anonymousVolumeName, checkVolumeName, deleteVolume, ensureVolume, listVolumes, readVolume,
  treeBytes, volumeDataDir, volumeDir, type VolumeRecord,
} from './volume-store.js';

/** Volume name -> IDs of the containers whose mounts name it. */
export function volumeUsers(records: readonly ContainerRecord[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const { config } of records) {
    for (const m of config.mounts ?? []) {
      if (m.type !== 'volume') continue;
      users.set(m.source, [...(users.get(m.source) ?? []), config.id]);
    }
  }
  return users;
}

export async function createVolume(layout: StoreLayout, name: string | undefined, labels: Record<string, string> = {}): Promise<VolumeRecord> {
  const chosen = name === undefined || name === '' ? anonymousVolumeName() : checkVolumeName(name);
  return withStoreLock(layout.root, async () => (await ensureVolume(layout, chosen, labels)).record);
}

/** Refused while any container names it; `force` only forgives a missing volume, as in Docker. */
export async function removeVolume(layout: StoreLayout, name: string, force: boolean): Promise<void> {
  await withStoreLock(layout.root, async () => {
    if (!(await readVolume(layout, name))) {
      if (force) return;
      throw new VolumeError('VOLUME_NOT_FOUND', `get ${name}: no such volume`, { fields: { volume: name } });
    }
    const users = volumeUsers(await readAllRecords(layout)).get(name);
    if (users?.length) {
      throw new VolumeError('VOLUME_IN_USE', `remove ${name}: volume is in use - [${users.join(', ')}]`, {
        hint: 'remove the containers using it first (tscontain rm)',
        fields: { volume: name },
      });
    }
    await deleteVolume(layout, name);
  });
}

export interface VolumePruneResult {
  deleted: string[];
  reclaimed: number;
}

/** Unused anonymous volumes (all unused ones with `all`), like Docker 23+. */
export async function pruneVolumes(layout: StoreLayout, all: boolean): Promise<VolumePruneResult> {
  return withStoreLock(layout.root, async () => {
    const users = volumeUsers(await readAllRecords(layout));
    const result: VolumePruneResult = { deleted: [], reclaimed: 0 };
    for (const v of await listVolumes(layout)) {
      if (users.has(v.Name) || (!all && !(ANONYMOUS_LABEL in v.Labels))) continue;
      const size = await treeBytes(volumeDataDir(layout, v.Name));
      await deleteVolume(layout, v.Name);
      result.deleted.push(v.Name);
      result.reclaimed += size;
    }
    return result;
  });
}

/**
 * After a container was removed (`rm -v`, `--rm`): its anonymous volumes go,
 * unless another container still uses one (--volumes-from).
 */
export async function removeAnonymousVolumes(layout: StoreLayout, config: ContainerConfig): Promise<void> {
  const names = (config.mounts ?? []).filter((m) => m.type === 'volume').map((m) => m.source);
  if (!names.length) return;
  await withStoreLock(layout.root, async () => {
    const users = volumeUsers(await readAllRecords(layout));
    for (const name of names) {
      const v = await readVolume(layout, name);
      if (v && ANONYMOUS_LABEL in v.Labels && !users.has(name)) await deleteVolume(layout, name);
    }
  });
}

/**
 * Anonymous volumes of --rm containers that their monitor removed while no
 * tscontain ran (`run -d --rm`): removed like `--rm` would, once the
 * container is gone and nothing else names them. Cheap when there are none.
 */
export async function sweepVolumesOfRemovedContainers(layout: StoreLayout): Promise<string[]> {
  const ownerGone = async (name: string): Promise<boolean> => {
    const owner = (await readFile(join(volumeDir(layout, name), REMOVE_WITH_FILE), 'utf8').catch(() => '')).trim();
    return /^[0-9a-f]{64}$/.test(owner) && !existsSync(new ContainerPaths(layout, owner).dir);
  };
  const names = await readdir(layout.volumesDir).catch(() => [] as string[]);
  const candidates: string[] = [];
  // Only anonymous volumes (64 hex) can carry the marker.
  for (const name of names) if (/^[0-9a-f]{64}$/.test(name) && (await ownerGone(name))) candidates.push(name);
  if (!candidates.length) return [];
  return withStoreLock(layout.root, async () => {
    const users = volumeUsers(await readAllRecords(layout));
    const removed: string[] = [];
    // Again under the lock: a create holds it from making the volume until its container exists.
    for (const name of candidates) {
      if (users.has(name) || !(await ownerGone(name))) continue;
      await deleteVolume(layout, name);
      removed.push(name);
    }
    return removed;
  });
}
