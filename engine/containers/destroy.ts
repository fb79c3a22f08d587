// Removing a container for good: whatever still runs in its cgroup is killed,
// the cgroup goes, and the helper deletes the directory (upper/ holds
// root-owned files and overlayfs' work/work is mode 000). Leaves no mount
// (the overlay only ever lived in the container's mount namespace), cgroup,
// socket or directory behind.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { processRunning } from './process-alive.js';
import type { StoreLayout } from '../store/layout.js';
import { removeContainerCgroup } from './cgroups.js';
import { helperCleanup } from './helper-verbs.js';
import { ContainerPaths, type ContainerState } from './record.js';
import { releaseContainer, refreshHosts } from '../network/endpoints.js';
import { syncNetworking } from '../network/sync.js';

/** Waits for the monitor to finish writing exit.json and leave (cleanup refuses while it lives). */
export async function waitForMonitor(state: ContainerState, timeoutMs = 5000): Promise<boolean> {
  if (state.monitorPid <= 0) return true;
  const end = Date.now() + timeoutMs;
  while (processRunning(state.monitorPid, state.monitorStart)) {
    if (Date.now() > end) return false;
    await sleep(20);
  }
  return true;
}

export async function destroyContainer(layout: StoreLayout, id: string, state: ContainerState): Promise<void> {
  await removeContainerCgroup(id);
  if (!(await waitForMonitor(state))) {
    // The container is gone (its cgroup was emptied) but the monitor lingers: end it.
    try {
      process.kill(state.monitorPid, 'SIGKILL');
    } catch { /* gone meanwhile */ }
    await waitForMonitor(state, 2000);
  }
  const dir = new ContainerPaths(layout, id).dir;
  try {
    await helperCleanup(layout.root, id);
  } catch (err) {
    // A directory the helper never touched (create failed early) is plain files.
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (existsSync(dir)) throw err;
  }
  // Its addresses are free again, its peers forget its name, its ports and idle bridges go.
  const left = await releaseContainer(layout, id);
  await refreshHosts(layout, new Set(left.map((n) => n.id)));
  await syncNetworking(layout);
}
