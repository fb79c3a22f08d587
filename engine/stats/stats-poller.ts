// The dashboard's once-a-second stats for many containers, as cheap as the
// kernel allows: only the figures it shows (CPU, memory, pids, network; no
// block I/O), each file kept open and re-read with one pread (KernelFiles),
// and the cgroup directories of a container worked out once. Network
// counters come from /proc/<pid>/net/dev, which the kernel formats line by
// line for every interface and which took a dozen strings to parse: they are
// read every NET_EVERY polls (the dashboard shows cumulative totals), and
// the last reading is reused in between.
import type { CgroupPaths } from '../cgroups/driver.js';
import { KernelFiles } from './kernel-files.js';
import { readNetDev, type NetCounters } from './net-dev.js';
import { readV1Stats, readV2Stats } from './read-cgroup-stats.js';
import { StatsSampler, type StatsSample } from './stats-sampler.js';

export interface PollTarget {
  id: string;
  /** A process of the container, for its network counters. */
  pid: number | undefined;
}

/** Polls between two readings of a container's network counters. */
export const NET_EVERY = 3;

export class StatsPoller {
  private readonly files = new KernelFiles();
  /** Last network counters per container, and the poll they were read at. */
  private readonly net = new Map<string, { at: number; pid: number; counters: NetCounters | undefined }>();
  private polls = 0;
  private readonly paths = new Map<string, CgroupPaths>();
  private readonly sampler: StatsSampler;

  private readonly procRoot: string;

  constructor(private readonly cgroupPaths: (id: string) => CgroupPaths, options: { now?: () => number; procRoot?: string } = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.sampler = new StatsSampler(options.now ? { now: options.now } : {});
  }

  /** One tick: a sample per target that could be read; containers not listed are forgotten and their files closed. */
  async poll(targets: readonly PollTarget[]): Promise<StatsSample[]> {
    const live = new Set(targets.map((t) => t.id));
    this.files.retain(live);
    for (const id of this.paths.keys()) if (!live.has(id)) this.paths.delete(id);
    for (const id of this.net.keys()) if (!live.has(id)) this.net.delete(id);
    const poll = this.polls++;
    const out: StatsSample[] = [];
    const results = await this.sampler.sampleAll(targets.map((t) => {
      const readFile = this.files.reader(t.id);
      const readFileAt = (dir: string, file: string) => this.files.readAt(t.id, dir, file);
      const paths = this.pathsOf(t.id);
      return {
        id: t.id,
        cgroup: {
          stats: () => (paths.version === 2
            ? readV2Stats(paths.dirs[0]!, { readFileAt, blockIo: false })
            : readV1Stats({
              cpuacct: paths.byController.cpuacct, memory: paths.byController.memory, pids: paths.byController.pids,
            }, { readFileAt, blockIo: false })),
        },
        pid: t.pid,
        net: t.pid === undefined ? undefined : () => this.netCounters(t.id, t.pid!, poll, readFile),
      };
    }));
    for (const r of results) if (r.status === 'fulfilled') out.push(r.value);
    return out;
  }

  private async netCounters(id: string, pid: number, poll: number, readFile: (path: string) => string | undefined): Promise<NetCounters | undefined> {
    const last = this.net.get(id);
    if (last && last.pid === pid && poll - last.at < NET_EVERY) return last.counters;
    const counters = await readNetDev(pid, this.procRoot, readFile);
    this.net.set(id, { at: poll, pid, counters });
    return counters;
  }

  /** Files held open, for tests and the benchmark. */
  get openFiles(): number {
    return this.files.openCount;
  }

  close(): void {
    this.files.closeAll();
    this.paths.clear();
    this.net.clear();
  }

  private pathsOf(id: string): CgroupPaths {
    let paths = this.paths.get(id);
    if (!paths) {
      paths = this.cgroupPaths(id);
      this.paths.set(id, paths);
    }
    return paths;
  }
}
