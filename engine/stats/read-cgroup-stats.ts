// One reading of a container's cgroup counters: the files ctop's runc
// connector reads, a handful of small reads done concurrently and no
// processes spawned, so the dashboard can poll 50 containers every second.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CgroupError } from '../errors.js';
import {
  parseBlkioServiceBytes, parseFlatKeyed, parseIoStat, parseSingleNumber,
} from './parse-cgroup-files.js';

export interface CgroupStats {
  /** Cumulative CPU time, nanoseconds. */
  cpuUsageNs: number;
  /** Memory in use minus the inactive page cache, as docker stats shows it. */
  memoryUsed: number;
  /** The memory limit; the host's RAM when unlimited. */
  memoryLimit: number;
  /** Tasks in the cgroup (pids.current). */
  pids: number;
  blockRead: number;
  blockWrite: number;
}

/** The v1 hierarchy directories of one container, by controller. */
export interface V1StatsDirs {
  cpuacct?: string | undefined;
  memory?: string | undefined;
  pids?: string | undefined;
  blkio?: string | undefined;
}

async function read(dir: string | undefined, file: string): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch {
    return undefined;
  }
}

let memTotal: Promise<number> | undefined;

/** The host's RAM in bytes (MemTotal), read once. */
export function hostMemTotal(): Promise<number> {
  memTotal ??= readFile('/proc/meminfo', 'utf8').then(
    (text) => Number(/^MemTotal:\s+(\d+) kB/m.exec(text)?.[1] ?? 0) * 1024,
    () => 0,
  );
  return memTotal;
}

function gone(where: string): CgroupError {
  return new CgroupError('CGROUP_NOT_FOUND', `cgroup ${where} does not exist (any more)`, { fields: { path: where } });
}

async function memoryFigures(usage: number, inactiveFile: number | undefined, limit: number | undefined) {
  const host = await hostMemTotal();
  return {
    memoryUsed: inactiveFile !== undefined && inactiveFile < usage ? usage - inactiveFile : usage,
    // v1 reports "unlimited" as a huge number: any limit above the RAM is the RAM.
    memoryLimit: limit === undefined || (host > 0 && limit > host) ? host : limit,
  };
}

export async function readV1Stats(dirs: V1StatsDirs): Promise<CgroupStats> {
  const [cpu, usage, limit, memStat, pids, blkio] = await Promise.all([
    read(dirs.cpuacct, 'cpuacct.usage'),
    read(dirs.memory, 'memory.usage_in_bytes'),
    read(dirs.memory, 'memory.limit_in_bytes'),
    read(dirs.memory, 'memory.stat'),
    read(dirs.pids, 'pids.current'),
    read(dirs.blkio, 'blkio.throttle.io_service_bytes'),
  ]);
  if (cpu === undefined && usage === undefined) throw gone(dirs.memory ?? dirs.cpuacct ?? '(none)');
  const io = parseBlkioServiceBytes(blkio ?? '');
  const memory = await memoryFigures(
    parseSingleNumber(usage) ?? 0,
    memStat === undefined ? undefined : parseFlatKeyed(memStat).get('total_inactive_file'),
    parseSingleNumber(limit),
  );
  return {
    cpuUsageNs: parseSingleNumber(cpu) ?? 0,
    ...memory,
    pids: parseSingleNumber(pids) ?? 0,
    blockRead: io.read,
    blockWrite: io.write,
  };
}

export async function readV2Stats(dir: string): Promise<CgroupStats> {
  const [cpuStat, usage, limit, memStat, pids, ioStat] = await Promise.all([
    read(dir, 'cpu.stat'),
    read(dir, 'memory.current'),
    read(dir, 'memory.max'),
    read(dir, 'memory.stat'),
    read(dir, 'pids.current'),
    read(dir, 'io.stat'),
  ]);
  // cpu.stat exists in every non-root v2 cgroup, controller enabled or not.
  if (cpuStat === undefined) throw gone(dir);
  const io = parseIoStat(ioStat ?? '');
  const memory = await memoryFigures(
    parseSingleNumber(usage) ?? 0,
    memStat === undefined ? undefined : parseFlatKeyed(memStat).get('inactive_file'),
    parseSingleNumber(limit),
  );
  return {
    cpuUsageNs: (parseFlatKeyed(cpuStat).get('usage_usec') ?? 0) * 1000,
    ...memory,
    pids: parseSingleNumber(pids) ?? 0,
    blockRead: io.read,
    blockWrite: io.write,
  };
}
