// The networks view's pane: addressing, flags, labels, and every attached
// container with its address and aliases.
import type { NetworkDetail, NetworkRow } from '../engine-port.js';
import { packFields, packList, printable, when, type Field, type PaneLine, type Segment } from './pane-lines.js';

const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');

/** Before the detail is read, the row's own fields and "loading…". */
export function networkLines(row: NetworkRow, detail: NetworkDetail | undefined, width: number, now: number): PaneLine[] {
  const title: PaneLine = [
    { text: printable(row.name), tone: 'title' }, { text: ` ${row.id.slice(0, 12)}`, tone: 'dim' },
    ...(row.isDefault ? [{ text: '  default network', tone: 'dim' as const }] : []),
  ];
  const fields: Field[] = [['Driver', row.driver], ['Subnet', row.subnet], ['Gateway', row.gateway], ['Bridge', row.bridge]];
  if (!detail) return [title, ...packFields(fields, width), [{ text: 'loading…', tone: 'dim' }]];
  fields.push(['Created', when(detail.created, now)]);
  if (detail.internal !== undefined) fields.push(['Internal', yesNo(detail.internal)]);
  if (detail.attachable !== undefined) fields.push(['Attachable', yesNo(detail.attachable)]);
  const labels = Object.entries(detail.labels).map(([k, v]) => `${k}=${v}`);
  if (labels.length === 0) fields.push(['Labels', '-']);
  const attached = detail.endpoints.map((e): Segment[] => [
    { text: e.container }, { text: ` ${e.ipv4}` },
    ...(e.aliases.length > 0 ? [{ text: ` aka ${e.aliases.join(',')}`, tone: 'dim' as const }] : []),
    ...(e.running ? [] : [{ text: ' (stopped)', tone: 'dim' as const }]),
  ]);
  return [
    title,
    ...packFields(fields, width),
    ...(labels.length > 0 ? packList('Labels', labels, width) : []),
    ...packList('Containers', attached, width),
  ];
}
