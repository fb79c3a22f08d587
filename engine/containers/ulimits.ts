// Docker's --ulimit NAME=SOFT[:HARD]: the rlimits the helper sets before the
// program starts. A missing HARD equals SOFT; -1 (or "unlimited") is no limit.
import { UsageError } from '../errors.js';

/** As Docker's HostConfig.Ulimits shows them; -1 is unlimited. */
export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** The names Docker (and the helper's --rlimit) know. */
export const ULIMIT_NAMES = [
  'as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice',
  'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack',
] as const;

function parseValue(text: string, flag: string): number {
  if (text === 'unlimited' || text === '-1') return -1;
  if (!/^\d{1,19}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`invalid ulimit argument: ${flag}`, { hint: 'use NAME=SOFT[:HARD] with whole numbers, e.g. nofile=1024:2048' });
  }
  return Number(text);
}

export function parseUlimit(flag: string): Ulimit {
  const m = /^([a-z]+)=([^:]+)(?::([^:]+))?$/.exec(flag);
  if (!m) throw new UsageError(`invalid ulimit argument: ${flag}`, { hint: 'use NAME=SOFT[:HARD], e.g. nofile=1024:2048' });
  const name = m[1]!;
  if (!(ULIMIT_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`invalid ulimit type: ${name}`, { hint: `use one of ${ULIMIT_NAMES.join(', ')}` });
  }
  const soft = parseValue(m[2]!, flag);
  const hard = m[3] === undefined ? soft : parseValue(m[3], flag);
  if (hard !== -1 && (soft === -1 || soft > hard)) {
    throw new UsageError(`ulimit soft limit must be less than or equal to hard limit: ${flag}`);
  }
  return { Name: name, Soft: soft, Hard: hard };
}

/** Parsed flags, a later flag for the same name replacing an earlier one (as Docker's map does). */
export function parseUlimits(flags: readonly string[]): Ulimit[] {
  const byName = new Map<string, Ulimit>();
  for (const flag of flags) {
    const u = parseUlimit(flag);
    byName.set(u.Name, u);
  }
  return [...byName.values()];
}

/** The helper's --rlimit arguments. */
export function rlimitArgs(ulimits: readonly Ulimit[] | undefined): string[] {
  const value = (n: number) => (n === -1 ? 'unlimited' : String(n));
  return (ulimits ?? []).flatMap((u) => ['--rlimit', `${u.Name}=${value(u.Soft)}:${value(u.Hard)}`]);
}
