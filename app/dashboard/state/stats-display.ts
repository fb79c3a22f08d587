// What of the stats is on screen, as text: the stats cells of every row and
// the selected container's charts. The reducer compares these before and
// after a tick and keeps the old state when they are equal, so an idle
// dashboard does not re-render (and Ink does not redraw) every second.
import { humanBinarySize } from '../../format/units.js';
import { containerColumns } from '../columns/container-columns.js';
import type { ContainerRow, ContainerStats } from '../engine-port.js';
import { sparkline } from '../sparkline.js';
import type { StatsHistory } from './stats-history.js';

const STATS_COLUMNS = containerColumns.filter((c) => c.key === 'cpu' || c.key === 'mem' || c.key === 'pids' || c.key === 'net');

/** Width of the detail pane's charts on a terminal `columns` wide. */
export function chartWidth(columns: number): number {
  return Math.max(10, columns - 24);
}

export interface DetailFigures {
  cpu: string;
  mem: string;
  cpuChart: string;
  memChart: string;
}

/** The detail pane's numbers and sparklines for one container. */
export function detailFigures(stats: ContainerStats | undefined, history: StatsHistory | undefined, columns: number): DetailFigures {
  const width = chartWidth(columns);
  const cpuMax = Math.max(100, ...(history?.cpu ?? []));
  const memMax = stats?.memLimit && stats.memLimit > 0 ? stats.memLimit : undefined;
  return {
    cpu: stats ? `${stats.cpuPercent.toFixed(1)}%` : '-',
    mem: stats ? humanBinarySize(stats.memUsed) : '-',
    cpuChart: sparkline(history?.cpu ?? [], width, cpuMax),
    memChart: sparkline(history?.mem ?? [], width, memMax),
  };
}

/** The stats cells of every row, as the table formats them. */
export function statsCellsText(rows: readonly ContainerRow[], stats: ReadonlyMap<string, ContainerStats>): string {
  const ctx = { stats, now: 0 };
  return rows.map((r) => STATS_COLUMNS.map((c) => c.cell(r, ctx)).join('|')).join('\n');
}
