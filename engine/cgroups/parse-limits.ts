// Docker's resource flags, validated into the values Docker keeps in
// HostConfig (Memory, MemorySwap, NanoCpus, CpuShares, CpusetCpus, PidsLimit),
// so `inspect` can show them as Docker does. Each bad value is one UsageError
// line that names the flag and says what would be accepted.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import { formatBytes, parseByteSize } from './byte-units.js';
import { formatCpuList, parseCpuList } from './cpu-list.js';

export interface CgroupLimits {
  /** Bytes of memory (memory.limit_in_bytes / memory.max). */
  memory?: number;
  /** Bytes of memory plus swap; -1 means unlimited swap. Only with `memory`. */
  memorySwap?: number;
  /** CPU time in billionths of a CPU: 1.5 CPUs = 1_500_000_000. */
  nanoCpus?: number;
  /** Relative CPU weight, 2..262144 (1024 is the default). */
  cpuShares?: number;
  /** CPUs the container may run on, canonical list syntax ("0-2,4"). */
  cpusetCpus?: string;
  /** Maximum number of tasks; absent means unlimited. */
  pidsLimit?: number;
  /** --memory-reservation: soft limit in bytes (v1 memory.soft_limit_in_bytes, v2 memory.low). */
  memoryReservation?: number;
  /** --cpu-period / --cpu-quota in microseconds (CFS). */
  cpuPeriod?: number;
  cpuQuota?: number;
}

/** The flags as typed on the command line (absent = not given). */
export interface LimitFlags {
  memory?: string;
  memorySwap?: string;
  cpus?: string;
  cpuShares?: string;
  cpusetCpus?: string;
  pidsLimit?: string;
  memoryReservation?: string | undefined;
  cpuPeriod?: string | undefined;
  cpuQuota?: string | undefined;
}

export interface HostResources {
  onlineCpus: number[];
}

export interface ParsedLimits {
  limits: CgroupLimits;
  /** Values adjusted the way Docker adjusts them (said to the user, not fatal). */
  warnings: string[];
}

// Docker refuses less: below this a container cannot even start its runtime.
export const MIN_MEMORY = 6 * 1024 * 1024;
export const MIN_CPU_SHARES = 2;
export const MAX_CPU_SHARES = 262144;
const SIZE_HINT = 'use a number with an optional unit b, k, m or g';

export function readHostResources(): HostResources {
  try {
    const online = parseCpuList(readFileSync('/sys/devices/system/cpu/online', 'utf8'));
    if (online && online.length > 0) return { onlineCpus: online };
  } catch { /* not Linux sysfs: fall back below */ }
  return { onlineCpus: [...Array(availableParallelism()).keys()] };
}

function invalid(flag: string, value: string, why: string): UsageError {
  return new UsageError(`invalid value "${value}" for ${flag}: ${why}`, { fields: { flag, value } });
}

function parseInteger(flag: string, value: string, why: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw invalid(flag, value, why);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalid(flag, value, why);
  return n;
}

function parseMemory(flags: LimitFlags, limits: CgroupLimits): void {
  if (flags.memory !== undefined) {
    const bytes = parseByteSize(flags.memory);
    if (bytes === undefined) throw invalid('--memory', flags.memory, SIZE_HINT);
    if (bytes !== 0 && bytes < MIN_MEMORY) throw invalid('--memory', flags.memory, 'the minimum is 6m');
    if (bytes > 0) limits.memory = bytes;
  }
  if (flags.memorySwap === undefined || flags.memorySwap.trim() === '0') {
    // Docker's default: as much swap as memory, so memory+swap is twice the memory.
    if (limits.memory !== undefined) limits.memorySwap = limits.memory * 2;
    return;
  }
  const swap = flags.memorySwap.trim() === '-1' ? -1 : parseByteSize(flags.memorySwap);
  if (swap === undefined) throw invalid('--memory-swap', flags.memorySwap, `${SIZE_HINT}, or -1 for unlimited swap`);
  if (limits.memory === undefined) {
    throw invalid('--memory-swap', flags.memorySwap, 'it needs --memory too (it is the total of memory and swap)');
  }
  if (swap !== -1 && swap < limits.memory) {
    throw invalid('--memory-swap', flags.memorySwap,
      `memory plus swap must be at least --memory (${formatBytes(limits.memory)})`);
  }
  limits.memorySwap = swap;
}

function parseCpus(flags: LimitFlags, limits: CgroupLimits, host: HostResources): void {
  if (flags.cpus === undefined) return;
  const count = host.onlineCpus.length;
  const range = `the range is 0.01 to ${count}.00, as there are only ${count} CPUs available`;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(flags.cpus.trim())) throw invalid('--cpus', flags.cpus, `use a decimal number; ${range}`);
  const nanoCpus = Math.round(Number(flags.cpus) * 1e9);
  if (nanoCpus === 0) return;
  if (nanoCpus < 1e7 || nanoCpus > count * 1e9) throw invalid('--cpus', flags.cpus, range);
  limits.nanoCpus = nanoCpus;
}

function parseShares(flags: LimitFlags, limits: CgroupLimits, warnings: string[]): void {
  if (flags.cpuShares === undefined) return;
  const shares = parseInteger('--cpu-shares', flags.cpuShares, 'use a whole number from 2 to 262144 (default 1024)');
  if (shares < 0) throw invalid('--cpu-shares', flags.cpuShares, 'use a whole number from 2 to 262144 (default 1024)');
  if (shares === 0) return;
  const clamped = Math.min(MAX_CPU_SHARES, Math.max(MIN_CPU_SHARES, shares));
  if (clamped !== shares) warnings.push(`changing requested CPU shares of ${shares} to the allowed ${clamped}`);
  limits.cpuShares = clamped;
}

function parseCpuset(flags: LimitFlags, limits: CgroupLimits, host: HostResources): void {
  if (flags.cpusetCpus === undefined || flags.cpusetCpus.trim() === '') return;
  const cpus = parseCpuList(flags.cpusetCpus);
  if (!cpus) throw invalid('--cpuset-cpus', flags.cpusetCpus, 'use CPU numbers and ranges like 0-2,4');
  const online = new Set(host.onlineCpus);
  const missing = cpus.filter((c) => !online.has(c));
  if (missing.length > 0) {
    throw invalid('--cpuset-cpus', flags.cpusetCpus,
      `CPUs ${formatCpuList(missing)} are not available (available: ${formatCpuList(host.onlineCpus)})`);
  }
  limits.cpusetCpus = formatCpuList(cpus);
}

function parsePids(flags: LimitFlags, limits: CgroupLimits): void {
  if (flags.pidsLimit === undefined) return;
  const n = parseInteger('--pids-limit', flags.pidsLimit, 'use a whole number (0 or less for no limit)');
  if (n > 0) limits.pidsLimit = n;
}

function parseReservationAndCfs(flags: LimitFlags, limits: CgroupLimits): void {
  if (flags.memoryReservation !== undefined) {
    const bytes = parseByteSize(flags.memoryReservation);
    if (bytes === undefined) throw invalid('--memory-reservation', flags.memoryReservation, SIZE_HINT);
    if (bytes !== 0 && bytes < MIN_MEMORY) throw invalid('--memory-reservation', flags.memoryReservation, 'the minimum is 6m');
    if (limits.memory !== undefined && bytes > limits.memory) {
      throw invalid('--memory-reservation', flags.memoryReservation, 'it must be at most --memory');
    }
    if (bytes > 0) limits.memoryReservation = bytes;
  }
  const cfs = 'use a number of microseconds from 1000 to 1000000';
  if (flags.cpuPeriod !== undefined) {
    const n = parseInteger('--cpu-period', flags.cpuPeriod, cfs);
    if (n !== 0 && (n < 1000 || n > 1_000_000)) throw invalid('--cpu-period', flags.cpuPeriod, cfs);
    if (n > 0) limits.cpuPeriod = n;
  }
  if (flags.cpuQuota !== undefined) {
    const n = parseInteger('--cpu-quota', flags.cpuQuota, 'use a number of microseconds of at least 1000 (-1 for none)');
    if (n !== 0 && n !== -1 && n < 1000) throw invalid('--cpu-quota', flags.cpuQuota, 'use a number of microseconds of at least 1000 (-1 for none)');
    if (n > 0) limits.cpuQuota = n;
  }
  if (limits.nanoCpus !== undefined && (limits.cpuPeriod !== undefined || limits.cpuQuota !== undefined)) {
    throw new UsageError('conflicting options: --cpus cannot be used with --cpu-period or --cpu-quota');
  }
}

/** Validates Docker-style limit flags; throws UsageError with one line naming the flag. */
export function parseLimits(flags: LimitFlags, host: HostResources = readHostResources()): ParsedLimits {
  const limits: CgroupLimits = {};
  const warnings: string[] = [];
  parseMemory(flags, limits);
  parseCpus(flags, limits, host);
  parseShares(flags, limits, warnings);
  parseCpuset(flags, limits, host);
  parsePids(flags, limits);
  parseReservationAndCfs(flags, limits);
  return { limits, warnings };
}
