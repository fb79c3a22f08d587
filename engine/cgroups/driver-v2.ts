// cgroup v2 (unified): one directory per container. Controllers reach a child
// only when its parent lists them in cgroup.subtree_control, and a cgroup
// that hands controllers down may not hold processes itself ("no internal
// processes"). So <root>/tscontain only ever holds container cgroups, and the
// container's own leaf never enables anything below it.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { CgroupError } from '../errors.js';
import type { CgroupHostV2 } from './detect.js';
import {
  checkCgroupName, controllerMissing,
  type CgroupDriver, type CgroupPaths, type ContainerCgroup, type CreatedCgroup, type MemoryEvents,
} from './driver.js';
import { makeCgroupDir, makeFreshCgroupDir, readControl, readPidList, removeCgroupDir, writeControl } from './cgroup-fs.js';
import { freezeV2, frozenV2, thawV2, type FreezeOptions } from './freezer.js';
import { planV2Limits } from './limit-files.js';
import type { CgroupLimits } from './parse-limits.js';
import { signalMembers, waitUntilEmpty } from './signal-members.js';
import { readV2Stats, type CgroupStats } from '../stats/read-cgroup-stats.js';
import { parseFlatKeyed } from '../stats/parse-cgroup-files.js';

/** Controllers the containers use: limits and stats. */
const WANTED = ['cpu', 'cpuset', 'io', 'memory', 'pids'];

function listed(text: string | undefined): Set<string> {
  // The kernel lists "cpu memory"; a written-to fake file may hold "+cpu +memory".
  return new Set((text ?? '').split(/\s+/).filter(Boolean).map((c) => c.replace(/^\+/, '')));
}

/** Enables `wanted` in dir's cgroup.subtree_control, writing only what is missing. */
async function enableControllers(dir: string, wanted: string[]): Promise<void> {
  const enabled = listed(await readControl(dir, 'cgroup.subtree_control'));
  const missing = wanted.filter((c) => !enabled.has(c));
  if (missing.length === 0) return;
  try {
    await writeControl(dir, 'cgroup.subtree_control', missing.map((c) => `+${c}`).join(' '));
  } catch (err) {
    throw new CgroupError('CGROUP_UNSUPPORTED', `cannot enable the ${missing.join(', ')} controllers in ${dir}`, {
      cause: err,
      fields: { path: dir },
      hint: 'a cgroup that holds processes cannot pass controllers to child cgroups; run tscontain from a cgroup whose parent delegates them',
    });
  }
}

export class V2Driver implements CgroupDriver {
  constructor(readonly host: CgroupHostV2, readonly parent: string) {}

  get parentDir(): string {
    return join(this.host.root, this.parent);
  }

  open(name: string): V2Cgroup {
    checkCgroupName(name);
    return new V2Cgroup(this, name);
  }

  /** The parent with every wanted controller the host has, delegated down to container cgroups. */
  async prepareParent(): Promise<Set<string>> {
    const wanted = WANTED.filter((c) => this.host.controllers.includes(c));
    await enableControllers(this.host.root, wanted);
    await makeCgroupDir(this.parentDir);
    await enableControllers(this.parentDir, wanted);
    return listed(await readControl(this.parentDir, 'cgroup.subtree_control'));
  }

  async create(name: string, limits: CgroupLimits): Promise<CreatedCgroup> {
    const cgroup = this.open(name);
    await this.prepareParent();
    const leaf = cgroup.paths().dirs[0]!;
    await makeFreshCgroupDir(leaf);
    try {
      const warnings = await cgroup.applyLimits(limits);
      return { cgroup, warnings };
    } catch (err) {
      await removeCgroupDir(leaf, 3).catch(() => undefined);
      throw err;
    }
  }
}

export class V2Cgroup implements ContainerCgroup {
  private readonly dir: string;

  constructor(private readonly driver: V2Driver, readonly name: string) {
    this.dir = join(driver.parentDir, name);
  }

  paths(): CgroupPaths {
    const byController: Record<string, string> = {};
    for (const controller of this.driver.host.controllers) byController[controller] = this.dir;
    return { version: 2, dirs: [this.dir], byController };
  }

  async applyLimits(limits: CgroupLimits): Promise<string[]> {
    const delegated = listed(await readControl(this.driver.parentDir, 'cgroup.subtree_control'));
    // memory.swap.max exists in every non-root cgroup with memory, unless swap accounting is off.
    const swapAccounting = await access(join(this.driver.parentDir, 'memory.swap.max')).then(() => true, () => false);
    const plan = planV2Limits(limits, { swapAccounting });
    // Refuse before writing anything: a limit the host cannot enforce is not silently dropped.
    const missing = plan.writes.find((w) => !delegated.has(w.controller));
    if (missing) throw controllerMissing(missing.controller, this.driver.parentDir);
    for (const w of plan.writes) await writeControl(this.dir, w.file, w.value);
    return plan.warnings;
  }

  addProcess(pid: number): Promise<void> {
    return writeControl(this.dir, 'cgroup.procs', String(pid));
  }

  pids(): Promise<number[]> {
    return readPidList(this.dir);
  }

  stats(): Promise<CgroupStats> {
    return readV2Stats(this.dir);
  }

  async memoryEvents(): Promise<MemoryEvents> {
    const text = await readControl(this.dir, 'memory.events');
    if (text === undefined) {
      // No memory controller here: nothing is counted. No directory: the cgroup is gone.
      if (await access(this.dir).then(() => true, () => false)) return { oomKills: undefined, limitHits: 0 };
      throw new CgroupError('CGROUP_NOT_FOUND', `cgroup ${this.dir} does not exist (any more)`, { fields: { path: this.dir } });
    }
    const events = parseFlatKeyed(text);
    return { oomKills: events.get('oom_kill') ?? 0, limitHits: events.get('max') ?? 0 };
  }

  async killAll(signal: NodeJS.Signals = 'SIGKILL'): Promise<number> {
    // cgroup.kill (Linux 5.14) kills every member atomically, forks included; it only sends SIGKILL.
    const canKill = signal === 'SIGKILL' && (await access(join(this.dir, 'cgroup.kill')).then(() => true, () => false));
    if (!canKill) {
      const signalled = await signalMembers(() => this.pids(), signal);
      if (signal === 'SIGKILL') await waitUntilEmpty(() => this.pids());
      return signalled;
    }
    const members = await this.pids();
    await writeControl(this.dir, 'cgroup.kill', '1');
    await waitUntilEmpty(() => this.pids());
    return members.length;
  }

  freeze(opts?: FreezeOptions): Promise<void> {
    return freezeV2(this.dir, opts);
  }

  thaw(): Promise<void> {
    return thawV2(this.dir);
  }

  frozen(): Promise<boolean> {
    return frozenV2(this.dir);
  }

  remove(): Promise<void> {
    return removeCgroupDir(this.dir);
  }
}
