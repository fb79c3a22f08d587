// The containers view's columns: Docker ps plus live stats.
import { humanBinarySize, humanSize } from '../../format/units.js';
import type { ContainerRow } from '../engine-port.js';
import type { Column } from './column.js';

/** Has live figures: running, or paused (frozen, its memory and processes still there). */
const running = (row: ContainerRow) => row.state === 'running' || row.state === 'paused';

export const containerColumns: readonly Column<ContainerRow>[] = [
  { key: 'name', title: 'NAME', width: 12, grow: 2, cell: (r) => r.name, sortValue: (r) => r.name },
  { key: 'image', title: 'IMAGE', width: 12, grow: 2, cell: (r) => r.image, sortValue: (r) => r.image },
  // STATUS says it too ("Up 5 minutes"), and rows of stopped ones are dim: the first to go at 80 columns after NET.
  { key: 'state', title: 'STATE', width: 7, optional: true, dropRank: 2, cell: (r) => r.state, sortValue: (r) => r.state },
  { key: 'created', title: 'STATUS', width: 11, grow: 3, cell: (r) => r.status, sortValue: (r) => r.createdAt },
  {
    key: 'cpu', title: 'CPU%', width: 6, align: 'right',
    cell: (r, ctx) => { const s = ctx.stats.get(r.id); return running(r) && s ? s.cpuPercent.toFixed(1) : '-'; },
    sortValue: (r, ctx) => ctx.stats.get(r.id)?.cpuPercent ?? -1,
  },
  {
    key: 'mem', title: 'MEM', width: 17, align: 'right',
    cell: (r, ctx) => {
      const s = ctx.stats.get(r.id);
      if (!running(r) || !s) return '-';
      return s.memLimit ? `${humanBinarySize(s.memUsed)}/${humanBinarySize(s.memLimit)}` : humanBinarySize(s.memUsed);
    },
    sortValue: (r, ctx) => ctx.stats.get(r.id)?.memUsed ?? -1,
  },
  {
    key: 'pids', title: 'PIDS', width: 4, align: 'right', optional: true, dropRank: 1,
    cell: (r, ctx) => { const s = ctx.stats.get(r.id); return running(r) && s ? String(s.pids) : '-'; },
    sortValue: (r, ctx) => ctx.stats.get(r.id)?.pids ?? -1,
  },
  {
    key: 'net', title: 'NET RX/TX', width: 15, align: 'right', optional: true, dropRank: 3,
    cell: (r, ctx) => {
      const s = ctx.stats.get(r.id);
      if (!running(r) || !s || s.netRx === undefined) return '-';
      return `${humanSize(s.netRx)}/${humanSize(s.netTx ?? 0)}`;
    },
  },
  // Kept longest: which host port reaches a container is what users look up most.
  { key: 'ports', title: 'PORTS', width: 8, grow: 1, optional: true, cell: (r) => r.ports.map(shortPort).join(','), sortValue: (r) => r.ports.length },
];

/** Docker's "0.0.0.0:8080->80/tcp" in fewer cells: "8080->80"; other addresses and udp stay. */
export function shortPort(port: string): string {
  return port.replace(/^0\.0\.0\.0:/, '').replace(/\/tcp$/, '');
}
