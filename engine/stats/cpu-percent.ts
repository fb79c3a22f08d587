// CPU% the way docker stats and ctop show it: CPU time used over wall time
// elapsed between two samples, where 100% is one core fully busy.

export interface CpuSample {
  /** Cumulative CPU time of the cgroup, nanoseconds. */
  cpuUsageNs: number;
  /** When the sample was taken, nanoseconds on a monotonic clock. */
  wallNs: number;
}

export function cpuPercent(prev: CpuSample | undefined, cur: CpuSample): number {
  if (!prev) return 0;
  const wall = cur.wallNs - prev.wallNs;
  const cpu = cur.cpuUsageNs - prev.cpuUsageNs;
  // A counter that went backwards means the cgroup was recreated: no rate yet.
  if (wall <= 0 || cpu < 0) return 0;
  return (cpu / wall) * 100;
}
