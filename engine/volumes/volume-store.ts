// Named volumes in STORE/volumes/<name>/: volume.json (the record, in the
// shape of Docker's `volume inspect`) and _data/ (what containers see). A
// volume is made in a scratch directory under tmp/ and renamed into place
// whole, so a half-made volume is never listed. Callers that must not race
// with container create/rm hold the store lock (engine/volumes/volume-ops.ts).
import { lstat, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { VolumeError, fromSystemError } from '../errors.js';
import { readJsonIfExists, syncDir } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';

/** Docker's rule for volume names (and the helper's). */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Docker 23+ marks anonymous volumes with this label; `rm -v` and `volume prune` look for it. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export interface VolumeRecord {
  CreatedAt: string;
  Driver: 'local';
  Labels: Record<string, string>;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string>;
  Scope: 'local';
}

export function volumeDir(layout: StoreLayout, name: string): string {
  return join(layout.volumesDir, name);
}

/** The directory bind-mounted into containers (the helper accepts exactly this shape). */
export function volumeDataDir(layout: StoreLayout, name: string): string {
  return join(volumeDir(layout, name), '_data');
}

export function checkVolumeName(name: string): string {
  if (!VOLUME_NAME.test(name) || name.length > 255) {
    throw new VolumeError('VOLUME_INVALID',
      `"${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed`, {
        hint: 'if you meant a host directory, give an absolute path',
        fields: { volume: name },
      });
  }
  return name;
}

export function anonymousVolumeName(): string {
  return randomBytes(32).toString('hex');
}

export async function readVolume(layout: StoreLayout, name: string): Promise<VolumeRecord | undefined> {
  if (!VOLUME_NAME.test(name)) return undefined;
  const record = await readJsonIfExists<VolumeRecord>(join(volumeDir(layout, name), 'volume.json'));
  return record?.Name === name ? record : undefined;
}

export async function getVolume(layout: StoreLayout, name: string): Promise<VolumeRecord> {
  const record = await readVolume(layout, name);
  if (!record) throw new VolumeError('VOLUME_NOT_FOUND', `get ${name}: no such volume`, { fields: { volume: name } });
  return record;
}

export async function listVolumes(layout: StoreLayout): Promise<VolumeRecord[]> {
  let names: string[];
  try {
    names = await readdir(layout.volumesDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fromSystemError(err, 'listing volumes');
  }
  const out: VolumeRecord[] = [];
  for (const name of names.sort()) {
    const record = await readVolume(layout, name);
    if (record) out.push(record);
  }
  return out;
}

/** Returns the existing volume of that name, or makes it (Docker's create is idempotent). */
/** Names the --rm container an anonymous volume goes with (see sweepVolumesOfRemovedContainers). */
export const REMOVE_WITH_FILE = 'remove-with';

export async function ensureVolume(
  layout: StoreLayout, name: string, labels: Record<string, string> = {}, removeWith?: string,
): Promise<{ record: VolumeRecord; created: boolean }> {
  checkVolumeName(name);
  const existing = await readVolume(layout, name);
  if (existing) return { record: existing, created: false };
  const record: VolumeRecord = {
    CreatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    Driver: 'local',
    Labels: labels,
    Mountpoint: volumeDataDir(layout, name),
    Name: name,
    Options: {},
    Scope: 'local',
  };
  const scratch = await makeTmpDir(layout, 'volume');
  try {
    // The helper lets non-root callers bind only below root-owned, owner-only directories.
    await mkdir(layout.volumesDir, { recursive: true, mode: 0o700 });
    await mkdir(join(scratch, '_data'), { mode: 0o755 });
    await writeFile(join(scratch, 'volume.json'), JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
    if (removeWith !== undefined) await writeFile(join(scratch, REMOVE_WITH_FILE), removeWith, { mode: 0o600 });
    await rename(scratch, volumeDir(layout, name));
    await syncDir(layout.volumesDir);
  } catch (err) {
    await removeTree(scratch).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    // Someone else made it first: theirs stands.
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return { record: await getVolume(layout, name), created: false };
    throw fromSystemError(err, `creating volume ${name}`);
  }
  return { record, created: true };
}

/** Deletes the volume and its data: renamed away first, so it disappears whole. */
export async function deleteVolume(layout: StoreLayout, name: string): Promise<void> {
  // rename(2) replaces an empty directory: the fresh scratch dir.
  const scratch = await makeTmpDir(layout, 'volume-rm');
  try {
    await rename(volumeDir(layout, name), scratch);
  } catch (err) {
    throw fromSystemError(err, `removing volume ${name}`);
  }
  await removeTree(scratch);
}

/** Bytes under a directory (lstat sizes), for prune's "Total reclaimed space". */
export async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += await treeBytes(path);
    else total += (await lstat(path).catch(() => undefined))?.size ?? 0;
  }
  return total;
}
