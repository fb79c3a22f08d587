// The host's cgroup driver, detected once per process: every container
// operation that creates, reads or removes a container's cgroup goes through it.
import { createCgroupDriver } from '../cgroups/create-driver.js';
import { detectCgroups, type CgroupHost } from '../cgroups/detect.js';
import type { CgroupDriver, ContainerCgroup } from '../cgroups/driver.js';
import { warmCgroupMoves } from '../cgroups/warm-moves.js';

let host: CgroupHost | undefined;
let driver: CgroupDriver | undefined;

function cgroupHost(): CgroupHost {
  host ??= detectCgroups();
  return host;
}

export function cgroupDriver(): CgroupDriver {
  driver ??= createCgroupDriver(cgroupHost());
  return driver;
}

/** Before a container start: see engine/cgroups/warm-moves.ts. */
export function warmContainerCgroupMoves(): void {
  warmCgroupMoves(cgroupHost);
}

/** The cgroup of a container (named by its ID under "tscontain"); no I/O. */
export function containerCgroup(id: string): ContainerCgroup {
  return cgroupDriver().open(id);
}

/** Kills what is left in a container's cgroup and removes it; quiet when it is already gone. */
export async function removeContainerCgroup(id: string): Promise<void> {
  const cgroup = containerCgroup(id);
  const pids = await cgroup.pids().catch(() => []);
  if (pids.length > 0) await cgroup.killAll('SIGKILL').catch(() => 0);
  await cgroup.remove().catch((err: { code?: string }) => {
    if (err?.code !== 'CGROUP_NOT_FOUND') throw err;
  });
}
