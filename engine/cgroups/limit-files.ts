// Which control file gets which value for each limit, per cgroup version.
// Pure, so the mapping is tested without a kernel; the drivers do the writes
// in the order given here.
import type { CgroupLimits } from './parse-limits.js';

export interface ControlWrite {
  /** The controller that owns the file ("memory" for memory.max). */
  controller: string;
  file: string;
  value: string;
}

export interface LimitPlan {
  writes: ControlWrite[];
  warnings: string[];
}

/** What the kernel offers that not every host has. */
export interface LimitCapabilities {
  /** v1 memory.memsw.* / v2 memory.swap.max exist (swap accounting on). */
  swapAccounting: boolean;
}

export const CFS_PERIOD_US = 100_000;

const NO_SWAP_ACCOUNTING =
  'the kernel does not account swap (swap accounting is off): memory is limited, swap is not';

function write(file: string, value: string | number): ControlWrite {
  return { controller: file.slice(0, file.indexOf('.')), file, value: String(value) };
}

/** --cpus as a CFS quota over the standard 100 ms period. */
export function cpuQuotaUs(nanoCpus: number): number {
  return Math.floor((nanoCpus * CFS_PERIOD_US) / 1e9);
}

/** v1 cpu.shares -> v2 cpu.weight, runc's conversion: [2, 262144] maps onto [1, 10000]. */
export function sharesToWeight(shares: number): number {
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

export function planV1Limits(limits: CgroupLimits, caps: LimitCapabilities): LimitPlan {
  const writes: ControlWrite[] = [];
  const warnings: string[] = [];
  // The kernel keeps memory <= memory+swap: on a fresh cgroup both are unlimited, so memory goes first.
  if (limits.memory !== undefined) writes.push(write('memory.limit_in_bytes', limits.memory));
  if (limits.memorySwap !== undefined) {
    if (caps.swapAccounting) writes.push(write('memory.memsw.limit_in_bytes', limits.memorySwap));
    else warnings.push(NO_SWAP_ACCOUNTING);
  }
  if (limits.nanoCpus !== undefined) {
    writes.push(write('cpu.cfs_period_us', CFS_PERIOD_US));
    writes.push(write('cpu.cfs_quota_us', cpuQuotaUs(limits.nanoCpus)));
  }
  if (limits.cpuShares !== undefined) writes.push(write('cpu.shares', limits.cpuShares));
  if (limits.cpusetCpus !== undefined) writes.push(write('cpuset.cpus', limits.cpusetCpus));
  if (limits.pidsLimit !== undefined) writes.push(write('pids.max', limits.pidsLimit));
  if (limits.memoryReservation !== undefined) writes.push(write('memory.soft_limit_in_bytes', limits.memoryReservation));
  if (limits.cpuPeriod !== undefined) writes.push(write('cpu.cfs_period_us', limits.cpuPeriod));
  if (limits.cpuQuota !== undefined) writes.push(write('cpu.cfs_quota_us', limits.cpuQuota));
  return { writes, warnings };
}

export function planV2Limits(limits: CgroupLimits, caps: LimitCapabilities): LimitPlan {
  const writes: ControlWrite[] = [];
  const warnings: string[] = [];
  if (limits.memory !== undefined) writes.push(write('memory.max', limits.memory));
  if (limits.memory !== undefined && limits.memorySwap !== undefined) {
    // v2 limits swap alone, Docker's flag is memory+swap.
    const swap = limits.memorySwap === -1 ? 'max' : Math.max(0, limits.memorySwap - limits.memory);
    if (caps.swapAccounting) writes.push(write('memory.swap.max', swap));
    else warnings.push(NO_SWAP_ACCOUNTING);
  }
  if (limits.nanoCpus !== undefined) {
    writes.push(write('cpu.max', `${cpuQuotaUs(limits.nanoCpus)} ${CFS_PERIOD_US}`));
  }
  if (limits.cpuShares !== undefined) writes.push(write('cpu.weight', sharesToWeight(limits.cpuShares)));
  if (limits.cpusetCpus !== undefined) writes.push(write('cpuset.cpus', limits.cpusetCpus));
  if (limits.pidsLimit !== undefined) writes.push(write('pids.max', limits.pidsLimit));
  if (limits.memoryReservation !== undefined) writes.push(write('memory.low', limits.memoryReservation));
  if (limits.cpuPeriod !== undefined || limits.cpuQuota !== undefined) {
    writes.push(write('cpu.max', `${limits.cpuQuota ?? 'max'} ${limits.cpuPeriod ?? CFS_PERIOD_US}`));
  }
  return { writes, warnings };
}
