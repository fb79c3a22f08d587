// Turns cumulative counters into what `tscontain stats` and the dashboard
// show: it keeps each container's previous sample, so CPU% is the rate since
// the last tick. Containers are sampled concurrently; one that vanished
// between ticks fails alone.
import { cpuPercent, type CpuSample } from './cpu-percent.js';
import { readNetDev, type NetCounters } from './net-dev.js';
import type { CgroupStats } from './read-cgroup-stats.js';

/** Anything that can read a cgroup's counters (a ContainerCgroup does). */
export interface StatsSource {
  stats(): Promise<CgroupStats>;
}

export interface StatsTarget {
  id: string;
  cgroup: StatsSource;
  /** A process of the container, for its network namespace's counters. */
  pid?: number | undefined;
  /** Reads the network counters instead of the sampler's readNet (a poller's cached files). */
  net?: (() => Promise<NetCounters | undefined>) | undefined;
}

export interface StatsSample extends CgroupStats {
  id: string;
  /** 100 = one core fully busy; 0 on a container's first sample. */
  cpuPercent: number;
  /** memoryUsed / memoryLimit * 100. */
  memoryPercent: number;
  /** Network bytes, undefined without a pid (or once it exited). */
  netRx: number | undefined;
  netTx: number | undefined;
  /** Monotonic time of the sample, nanoseconds. */
  wallNs: number;
}

export interface SamplerOptions {
  /** Monotonic clock in nanoseconds; tests pass a fake one. */
  now?: () => number;
  readNet?: (pid: number) => Promise<NetCounters | undefined>;
}

export class StatsSampler {
  private readonly previous = new Map<string, CpuSample>();
  private readonly now: () => number;
  private readonly readNet: (pid: number) => Promise<NetCounters | undefined>;

  constructor(options: SamplerOptions = {}) {
    this.now = options.now ?? (() => Number(process.hrtime.bigint()));
    this.readNet = options.readNet ?? ((pid) => readNetDev(pid));
  }

  async sample(target: StatsTarget): Promise<StatsSample> {
    const [stats, net] = await Promise.all([
      target.cgroup.stats(),
      target.net ? target.net() : target.pid === undefined ? undefined : this.readNet(target.pid),
    ]);
    const wallNs = this.now();
    const current = { cpuUsageNs: stats.cpuUsageNs, wallNs };
    const percent = cpuPercent(this.previous.get(target.id), current);
    this.previous.set(target.id, current);
    return {
      id: target.id,
      ...stats,
      cpuPercent: percent,
      memoryPercent: stats.memoryLimit > 0 ? (stats.memoryUsed / stats.memoryLimit) * 100 : 0,
      netRx: net?.rxBytes,
      netTx: net?.txBytes,
      wallNs,
    };
  }

  /** One tick for many containers; containers no longer listed are forgotten. */
  async sampleAll(targets: readonly StatsTarget[]): Promise<PromiseSettledResult<StatsSample>[]> {
    const live = new Set(targets.map((t) => t.id));
    for (const id of this.previous.keys()) if (!live.has(id)) this.previous.delete(id);
    return Promise.allSettled(targets.map((t) => this.sample(t)));
  }

  forget(id: string): void {
    this.previous.delete(id);
  }
}
