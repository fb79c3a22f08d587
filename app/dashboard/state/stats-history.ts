// Per-container CPU and memory history for the sparklines: the last
// HISTORY_SAMPLES samples (3 minutes at one a second), oldest first.
import type { ContainerStats } from '../engine-port.js';

export const HISTORY_SAMPLES = 180;

export interface StatsHistory {
  cpu: readonly number[];
  mem: readonly number[];
}

export function pushBounded(values: readonly number[], value: number, capacity = HISTORY_SAMPLES): number[] {
  const start = Math.max(0, values.length + 1 - capacity);
  const next = values.slice(start);
  next.push(value);
  return next;
}

/** Adds one tick of stats; containers that are not in `live` are forgotten. */
export function recordStats(
  history: ReadonlyMap<string, StatsHistory>,
  stats: ReadonlyMap<string, ContainerStats>,
  live: ReadonlySet<string>,
  capacity = HISTORY_SAMPLES,
): Map<string, StatsHistory> {
  const next = new Map<string, StatsHistory>();
  for (const [id, h] of history) if (live.has(id)) next.set(id, h);
  for (const [id, s] of stats) {
    if (!live.has(id)) continue;
    const h = next.get(id) ?? { cpu: [], mem: [] };
    next.set(id, { cpu: pushBounded(h.cpu, s.cpuPercent, capacity), mem: pushBounded(h.mem, s.memUsed, capacity) });
  }
  return next;
}
