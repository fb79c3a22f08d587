// Moving a process into a cgroup takes the kernel's global
// cgroup_threadgroup_rwsem for writing, and the first writer after a quiet
// spell waits one whole RCU grace period (10-15 ms on the dev VM): the
// largest single cost of starting a container on cgroup v1. Writers within a
// grace period of the previous one (until the next grace period ends) pay
// nothing. So `start`, once the container's cgroups exist, makes a no-op move
// of this process into the cgroup it is already in (the same kind of cgroupfs
// write as the limits the engine writes; no membership changes). It runs on
// libuv's thread pool while the engine prepares the network and spawns the
// helper, so the grace period has mostly passed when the monitor moves the
// container in. Best effort: an error only loses the head start.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupHost } from './detect.js';

/** The cgroup.procs file of this process's own cgroup in one hierarchy, from /proc/self/cgroup's text. */
export function ownProcsFile(host: CgroupHost, procSelfCgroup: string): string | undefined {
  for (const line of procSelfCgroup.split('\n')) {
    const m = /^\d+:([^:]*):(\/.*)$/.exec(line);
    if (!m || m[2]!.split('/').includes('..')) continue;
    const [, controllers, path] = m;
    if (host.version === 2) {
      if (controllers === '') return join(host.root, path!, 'cgroup.procs');
      continue;
    }
    for (const c of controllers!.split(',')) {
      const mount = host.mounts[c];
      if (mount) return join(mount, path!, 'cgroup.procs');
    }
  }
  return undefined;
}

let warmed = false;

/** Starts the kernel's wait for cgroup moves now, in the background (once per process). */
export function warmCgroupMoves(host: () => CgroupHost): void {
  if (warmed) return;
  warmed = true;
  let file: string | undefined;
  try {
    file = ownProcsFile(host(), readFileSync('/proc/self/cgroup', 'utf8'));
  } catch {
    return;
  }
  if (file) void writeFile(file, '0\n', { flag: 'r+' }).catch(() => undefined);
}
