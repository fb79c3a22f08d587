// cgroup v1 (legacy and hybrid hosts): one hierarchy per mount, so a container
// is one directory in each. The cpuset hierarchy starts every new cgroup with
// no CPUs and no memory nodes; they are copied from the parent so processes
// can join. The freezer, when there, makes killAll race-free against forks.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CgroupHostV1 } from './detect.js';
import {
  CPUSET_INHERITED, checkCgroupName, controllerMissing,
  type CgroupDriver, type CgroupPaths, type ContainerCgroup, type CreatedCgroup, type MemoryEvents,
} from './driver.js';
import { makeCgroupDir, makeFreshCgroupDir, readControl, readPidList, removeCgroupDir, writeControl } from './cgroup-fs.js';
import { freezeV1, frozenV1, thawV1, type FreezeOptions } from './freezer.js';
import { planV1Limits } from './limit-files.js';
import type { CgroupLimits } from './parse-limits.js';
import { signalMembers, waitUntilEmpty } from './signal-members.js';
import { readV1Stats, type CgroupStats } from '../stats/read-cgroup-stats.js';
import { parseFlatKeyed, parseSingleNumber } from '../stats/parse-cgroup-files.js';
import { CgroupError } from '../errors.js';

async function fileExists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Copies cpuset.cpus/mems from `from` into `to` where `to` has none yet. */
async function inheritCpuset(from: string, to: string, skip: readonly string[] = []): Promise<void> {
  for (const file of CPUSET_INHERITED) {
    if (skip.includes(file) || ((await readControl(to, file)) ?? '').trim() !== '') continue;
    await writeControl(to, file, ((await readControl(from, file)) ?? '').trim());
  }
}

export class V1Driver implements CgroupDriver {
  /** Each hierarchy's mount point, once, even when it carries several controllers. */
  readonly mountPoints: string[];

  constructor(readonly host: CgroupHostV1, readonly parent: string) {
    this.mountPoints = [...new Set(Object.values(host.mounts))];
  }

  open(name: string): V1Cgroup {
    checkCgroupName(name);
    return new V1Cgroup(this, name);
  }

  async create(name: string, limits: CgroupLimits): Promise<CreatedCgroup> {
    const cgroup = this.open(name);
    const made: string[] = [];
    try {
      for (const mount of this.mountPoints) {
        const parentDir = join(mount, this.parent);
        await makeCgroupDir(parentDir);
        const leaf = join(parentDir, name);
        await makeFreshCgroupDir(leaf);
        made.push(leaf);
        if (mount === this.host.mounts.cpuset) {
          await inheritCpuset(mount, parentDir);
          await inheritCpuset(parentDir, leaf, limits.cpusetCpus === undefined ? [] : ['cpuset.cpus']);
        }
      }
      const warnings = await cgroup.applyLimits(limits);
      return { cgroup, warnings };
    } catch (err) {
      // Undo only the directories made by this call; a failed create leaves nothing behind.
      await Promise.all(made.map((dir) => removeCgroupDir(dir, 3).catch(() => undefined)));
      throw err;
    }
  }
}

export class V1Cgroup implements ContainerCgroup {
  constructor(private readonly driver: V1Driver, readonly name: string) {}

  private dir(controller: string): string | undefined {
    const mount = this.driver.host.mounts[controller];
    return mount === undefined ? undefined : join(mount, this.driver.parent, this.name);
  }

  /** Where to read the member list: any hierarchy will do, memory is the one always there. */
  private membersDir(): string {
    return this.dir('memory') ?? this.dir('pids') ?? join(this.driver.mountPoints[0]!, this.driver.parent, this.name);
  }

  paths(): CgroupPaths {
    const byController: Record<string, string> = {};
    for (const controller of Object.keys(this.driver.host.mounts)) byController[controller] = this.dir(controller)!;
    const dirs = this.driver.mountPoints.map((mount) => join(mount, this.driver.parent, this.name));
    return { version: 1, dirs, byController };
  }

  async applyLimits(limits: CgroupLimits): Promise<string[]> {
    const memory = this.driver.host.mounts.memory;
    const swapAccounting = memory !== undefined && (await fileExists(join(memory, 'memory.memsw.limit_in_bytes')));
    const plan = planV1Limits(limits, { swapAccounting });
    // Refuse before writing anything: a limit the host cannot enforce is not silently dropped.
    const missing = plan.writes.find((w) => this.dir(w.controller) === undefined);
    if (missing) throw controllerMissing(missing.controller, this.driver.host.root);
    for (const w of plan.writes) await writeControl(this.dir(w.controller)!, w.file, w.value);
    return plan.warnings;
  }

  async addProcess(pid: number): Promise<void> {
    for (const dir of this.paths().dirs) await writeControl(dir, 'cgroup.procs', String(pid));
  }

  pids(): Promise<number[]> {
    return readPidList(this.membersDir());
  }

  stats(): Promise<CgroupStats> {
    return readV1Stats({
      cpuacct: this.dir('cpuacct'), memory: this.dir('memory'), pids: this.dir('pids'), blkio: this.dir('blkio'),
    });
  }

  async memoryEvents(): Promise<MemoryEvents> {
    const dir = this.dir('memory');
    if (dir === undefined) return { oomKills: undefined, limitHits: 0 };
    const [control, failcnt, swapFailcnt] = await Promise.all(
      ['memory.oom_control', 'memory.failcnt', 'memory.memsw.failcnt'].map((file) => readControl(dir, file)),
    );
    if (control === undefined && failcnt === undefined) {
      throw new CgroupError('CGROUP_NOT_FOUND', `cgroup ${dir} does not exist (any more)`, { fields: { path: dir } });
    }
    // "oom_kill N" appeared in memory.oom_control with Linux 4.13; older kernels only count limit hits.
    // With memory+swap limited too, the hits land on the memsw counter instead.
    return {
      oomKills: parseFlatKeyed(control ?? '').get('oom_kill'),
      limitHits: Math.max(parseSingleNumber(failcnt) ?? 0, parseSingleNumber(swapFailcnt) ?? 0),
    };
  }

  async killAll(signal: NodeJS.Signals = 'SIGKILL'): Promise<number> {
    const signalled = await this.signalAll(signal);
    if (signal === 'SIGKILL') await waitUntilEmpty(() => this.pids());
    return signalled;
  }

  private async signalAll(signal: NodeJS.Signals): Promise<number> {
    const freezer = this.dir('freezer');
    if (freezer === undefined || (await readControl(freezer, 'freezer.state')) === undefined) {
      return signalMembers(() => this.pids(), signal);
    }
    // Frozen processes cannot fork, so one pass over the members reaches them all.
    await writeControl(freezer, 'freezer.state', 'FROZEN');
    try {
      for (let i = 0; i < 100 && (await readControl(freezer, 'freezer.state'))?.trim() === 'FREEZING'; i++) await sleep(10);
      return await signalMembers(() => readPidList(freezer), signal, 1);
    } finally {
      await writeControl(freezer, 'freezer.state', 'THAWED');
    }
  }

  freeze(opts?: FreezeOptions): Promise<void> {
    return freezeV1(this.dir('freezer'), opts);
  }

  thaw(): Promise<void> {
    return thawV1(this.dir('freezer'));
  }

  frozen(): Promise<boolean> {
    return frozenV1(this.dir('freezer'));
  }

  async remove(): Promise<void> {
    const results = await Promise.allSettled(this.paths().dirs.map((dir) => removeCgroupDir(dir)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
