// The volumes view's pane: where the data is, its size once measured, its
// labels, and which containers mount it where.
import { humanSize } from '../../format/units.js';
import { ANONYMOUS_LABEL } from '../../../engine/volumes/volume-store.js';
import type { VolumeDetail, VolumeRow } from '../engine-port.js';
import { packFields, packList, printable, when, type Field, type PaneLine, type Segment } from './pane-lines.js';

/** `size`: bytes once measured for this volume, else shown as "…". */
export function volumeLines(row: VolumeRow, detail: VolumeDetail | undefined, size: number | undefined, width: number, now: number): PaneLine[] {
  const title: PaneLine = [
    { text: printable(row.name), tone: 'title' }, ...(row.anonymous ? [{ text: '  anonymous', tone: 'dim' as const }] : []),
  ];
  const fields: Field[] = [['Driver', row.driver], ['Size', size === undefined ? '…' : humanSize(size)], ['Created', when(row.createdAt, now)]];
  fields.push(['Mountpoint', row.mountpoint]);
  if (!detail) return [title, ...packFields(fields, width), [{ text: 'loading…', tone: 'dim' }]];
  // The anonymous label is said in the title.
  const labels = Object.entries(detail.labels).filter(([k]) => k !== ANONYMOUS_LABEL).map(([k, v]) => `${k}=${v}`);
  const users = detail.users.map((u): Segment[] => [
    { text: u.container }, { text: `:${u.target}`, tone: 'dim' }, ...(u.readOnly ? [{ text: ' (ro)', tone: 'warn' as const }] : []),
  ]);
  return [title, ...packFields(fields, width), ...packList('Labels', labels, width), ...packList('Used by', users, width)];
}
