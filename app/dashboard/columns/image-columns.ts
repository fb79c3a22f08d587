// The images view's columns, as `tscontain images` shows them plus users.
import { shortId } from '../../../engine/images/names.js';
import { humanSize, timeAgo } from '../../format/units.js';
import type { ImageRow } from '../engine-port.js';
import type { Column } from './column.js';

export const imageColumns: readonly Column<ImageRow>[] = [
  { key: 'repository', title: 'REPOSITORY', width: 16, grow: 3, cell: (r) => r.repository, sortValue: (r) => r.repository },
  { key: 'tag', title: 'TAG', width: 8, grow: 1, cell: (r) => r.tag, sortValue: (r) => r.tag },
  { key: 'id', title: 'IMAGE ID', width: 12, cell: (r) => shortId(r.id), sortValue: (r) => r.id },
  // Dropped before USED BY on a narrow terminal: which containers hold an image back matters more.
  { key: 'created', title: 'CREATED', width: 14, optional: true, dropRank: 1, cell: (r, ctx) => timeAgo(r.created, ctx.now), sortValue: (r) => r.created ?? '' },
  { key: 'size', title: 'SIZE', width: 8, align: 'right', cell: (r) => humanSize(r.size), sortValue: (r) => r.size },
  { key: 'used', title: 'USED BY', width: 10, grow: 1, optional: true, cell: (r) => (r.containers.length === 0 ? '-' : r.containers.join(', ')), sortValue: (r) => r.containers.length },
];

/** What `rmi` should be given for a row: its name when tagged, else its ID. */
export function imageKey(row: ImageRow): string {
  return row.tag === '<none>' ? row.id : `${row.repository}:${row.tag}`;
}
