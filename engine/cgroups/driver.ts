// What the engine does with a container's cgroup, whatever the cgroup version.
// The engine creates the cgroup and writes its limits before the helper starts
// the container; the helper only writes the new pid into each directory of
// paths().dirs. Every container lives at <parent>/<name> ("tscontain/<id>")
// in every hierarchy.
import { CgroupError, UsageError } from '../errors.js';
import type { CgroupStats } from '../stats/read-cgroup-stats.js';
import type { CgroupHost } from './detect.js';
import type { FreezeOptions } from './freezer.js';
import type { CgroupLimits } from './parse-limits.js';

export interface CgroupPaths {
  version: 1 | 2;
  /** Directories a process must join (cgroup.procs of each): one on v2, one per hierarchy on v1. */
  dirs: string[];
  /** The directory holding each controller's files; co-mounted v1 controllers share one. */
  byController: Record<string, string>;
}

export interface MemoryEvents {
  /** Processes the OOM killer killed in this cgroup; undefined if the kernel does not count them. */
  oomKills: number | undefined;
  /** Times usage hit the limit (v1 memory.failcnt, v2 memory.events "max"). */
  limitHits: number;
}

export interface ContainerCgroup {
  readonly name: string;
  paths(): CgroupPaths;
  /** Writes the limits' control files; returns warnings for what the kernel cannot limit. */
  applyLimits(limits: CgroupLimits): Promise<string[]>;
  /** Moves a process in (the helper does this itself for containers; tests and tools use this). */
  addProcess(pid: number): Promise<void>;
  /** Member processes (cgroup.procs). */
  pids(): Promise<number[]>;
  stats(): Promise<CgroupStats>;
  memoryEvents(): Promise<MemoryEvents>;
  /** Signals every member; returns how many were signalled. SIGKILL also waits (briefly) until they are gone. */
  killAll(signal?: NodeJS.Signals): Promise<number>;
  /** Stops every member (Docker's pause): resolves once the kernel says frozen. */
  freeze(opts?: FreezeOptions): Promise<void>;
  thaw(): Promise<void>;
  /** Whether a freeze was asked (and not undone); false when there is no freezer. */
  frozen(): Promise<boolean>;
  /** Removes the cgroup from every hierarchy; CGROUP_BUSY while processes remain. */
  remove(): Promise<void>;
}

export interface CreatedCgroup {
  cgroup: ContainerCgroup;
  warnings: string[];
}

export interface CgroupDriver {
  readonly host: CgroupHost;
  /** Creates <parent>/<name> with its limits; undone again if any step fails. */
  create(name: string, limits: CgroupLimits): Promise<CreatedCgroup>;
  /** The handle of an existing container cgroup; no I/O. */
  open(name: string): ContainerCgroup;
}

/** v1 needs these files in every container's cpuset before a process may join. */
export const CPUSET_INHERITED = ['cpuset.cpus', 'cpuset.mems'] as const;

/** One path component, so a name can never climb out of the parent (no "/", no ".."). */
export function checkCgroupName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name)) {
    throw new UsageError(`invalid cgroup name "${name}": use letters, digits, "_", "." and "-"`, { fields: { name } });
  }
}

export function controllerMissing(controller: string, where: string): CgroupError {
  return new CgroupError('CGROUP_CONTROLLER_MISSING', `the ${controller} cgroup controller is not available on this host`, {
    fields: { controller, path: where },
    hint: `enable it, or drop the limit that needs it`,
  });
}
