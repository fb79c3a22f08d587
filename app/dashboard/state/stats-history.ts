// Per-container CPU and memory history for the sparklines: the last
// HISTORY_SAMPLES samples (3 minutes at one a second), oldest first.
import type { ContainerStats } from '../engine-port.js';

export const HISTORY_SAMPLES = 180;

export interface StatsHistory {
  cpu: number[];
  mem: number[];
}

/**
 * Adds one tick of stats in place; containers that are not in `live` are
 * forgotten. In place because it runs every second for every container:
 * copying each history every tick made megabytes of garbage a minute that
 * lived long enough to grow the old heap. The reducer compares what is drawn
 * (strings), not these arrays, so mutating them is safe.
 */
export function recordStats(
  history: Map<string, StatsHistory>,
  stats: ReadonlyMap<string, ContainerStats>,
  live: ReadonlySet<string>,
  capacity = HISTORY_SAMPLES,
): Map<string, StatsHistory> {
  for (const id of history.keys()) if (!live.has(id)) history.delete(id);
  for (const [id, s] of stats) {
    if (!live.has(id)) continue;
    let h = history.get(id);
    if (!h) {
      h = { cpu: [], mem: [] };
      history.set(id, h);
    }
    push(h.cpu, s.cpuPercent, capacity);
    push(h.mem, s.memUsed, capacity);
  }
  return history;
}

function push(values: number[], value: number, capacity: number): void {
  values.push(value);
  if (values.length > capacity) values.splice(0, values.length - capacity);
}
