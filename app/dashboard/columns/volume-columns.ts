// The volumes view's columns: `volume ls` plus size and who uses each.
import { humanSize, timeAgo } from '../../format/units.js';
import type { VolumeRow } from '../engine-port.js';
import type { Column } from './column.js';

export const volumeColumns: readonly Column<VolumeRow>[] = [
  // Anonymous volumes are 64 hex digits: the first 12 tell them apart, as IDs do.
  { key: 'name', title: 'NAME', width: 16, grow: 2, cell: (r) => (r.anonymous ? r.name.slice(0, 12) : r.name), sortValue: (r) => r.name },
  { key: 'driver', title: 'DRIVER', width: 6, optional: true, cell: (r) => r.driver, sortValue: (r) => r.driver },
  { key: 'size', title: 'SIZE', width: 8, align: 'right', cell: (r) => (r.size === undefined ? '-' : humanSize(r.size)), sortValue: (r) => r.size ?? -1 },
  {
    key: 'used', title: 'USED BY', width: 12, grow: 2,
    cell: (r) => (r.containers.length === 0 ? '-' : r.containers.join(', ')), sortValue: (r) => r.containers.length,
  },
  // Dropped before the mountpoint: where the data is matters more at 80 columns.
  { key: 'created', title: 'CREATED', width: 14, optional: true, dropRank: 1, cell: (r, ctx) => timeAgo(r.createdAt, ctx.now), sortValue: (r) => r.createdAt },
  { key: 'mountpoint', title: 'MOUNTPOINT', width: 20, grow: 3, optional: true, cell: (r) => r.mountpoint, sortValue: (r) => r.mountpoint },
];

export function volumeKey(row: VolumeRow): string {
  return row.name;
}
