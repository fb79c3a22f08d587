// With no daemon, nobody is told when a container ends: every command that
// reads containers first settles what happened since. A running container
// whose exit.json appeared, or whose monitor is gone, is marked exited; OOM
// kills are read from its cgroup before the cgroup goes. `-d --rm`
// containers found exited are removed here (Docker's daemon would do it at once).
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { containerCgroup, removeContainerCgroup } from './cgroups.js';
import { destroyContainer } from './destroy.js';
import { removeAnonymousVolumes } from '../volumes/volume-ops.js';
import { processRunning } from './process-alive.js';
import { syncNetworking } from '../network/sync.js';
import {
  ContainerPaths, readExitRecord, readRecord, writeState, type ContainerRecord, type ContainerState,
} from './record.js';

export function monitorAlive(state: ContainerState): boolean {
  return processRunning(state.monitorPid, state.monitorStart);
}

/** True when a running record is out of date (the container ended). */
async function hasEnded(layout: StoreLayout, record: ContainerRecord): Promise<boolean> {
  if (record.state.status !== 'running') return false;
  // The dashboard asks this of every container each second: a stat finds
  // the usual "no exit.json" without an async read's thread-pool round trip.
  if (existsSync(new ContainerPaths(layout, record.config.id).exit) && (await readExitRecord(layout, record.config.id))) return true;
  return !monitorAlive(record.state);
}

async function oomKilled(id: string): Promise<boolean> {
  const events = await containerCgroup(id).memoryEvents().catch(() => undefined);
  return (events?.oomKills ?? 0) > 0;
}

/** Marks an ended container exited; must run under the store lock. */
async function settle(layout: StoreLayout, record: ContainerRecord): Promise<ContainerRecord> {
  const { id } = record.config;
  const exit = await readExitRecord(layout, id);
  const state: ContainerState = { ...record.state, status: 'exited', pid: 0, paused: false };
  if (exit) {
    state.exitCode = exit.exitCode;
    state.finishedAt = exit.finishedAt;
    state.oomKilled = exit.oomKilled || (await oomKilled(id));
  } else {
    // The monitor died (killed, or the host rebooted): nothing recorded the
    // end, and the container may run on unobserved. Kill it; report 137.
    state.oomKilled = await oomKilled(id);
    state.exitCode = 137;
    state.finishedAt = new Date().toISOString();
    state.error = 'the container monitor exited unexpectedly';
  }
  await removeContainerCgroup(id).catch(() => undefined);
  await unlink(new ContainerPaths(layout, id).socket).catch(() => undefined);
  try {
    await writeState(layout, id, state);
  } catch (err) {
    // A --rm container's monitor removes it right after writing exit.json.
    if (existsSync(new ContainerPaths(layout, id).config)) throw err;
  }
  return { config: record.config, state };
}

/**
 * Brings one record up to date. Returns undefined when the container is gone,
 * including an auto-remove container that was removed here.
 */
export async function reconcile(
  layout: StoreLayout,
  record: ContainerRecord,
  opts: { autoRemove?: boolean } = {},
): Promise<ContainerRecord | undefined> {
  // The foreground `run --rm` passes false: it reads the exit code first, then removes.
  const exitedAutoRemove = (r: ContainerRecord) => opts.autoRemove !== false && r.config.autoRemove && r.state.status === 'exited';
  if (!(await hasEnded(layout, record)) && !exitedAutoRemove(record)) return record;
  return withStoreLock(layout.root, async () => {
    // Another command may have settled or removed it while we waited.
    let current = await readRecord(layout, record.config.id);
    if (!current) return undefined;
    if (await hasEnded(layout, current)) {
      current = await settle(layout, current);
      // Its ports and, with the last container of a network, the bridge go now.
      await syncNetworking(layout).catch(() => undefined);
    }
    if (exitedAutoRemove(current)) {
      await destroyContainer(layout, current.config.id, current.state);
      await removeAnonymousVolumes(layout, current.config);
      return undefined;
    }
    return current;
  });
}
