// The networks view's columns: `network ls` plus the addressing and who is attached.
import type { NetworkRow } from '../engine-port.js';
import type { Column } from './column.js';

export const networkColumns: readonly Column<NetworkRow>[] = [
  { key: 'name', title: 'NAME', width: 10, grow: 2, cell: (r) => r.name, sortValue: (r) => r.name },
  { key: 'driver', title: 'DRIVER', width: 6, cell: (r) => r.driver, sortValue: (r) => r.driver },
  { key: 'subnet', title: 'SUBNET', width: 18, cell: (r) => r.subnet, sortValue: (r) => r.subnet },
  { key: 'gateway', title: 'GATEWAY', width: 15, cell: (r) => r.gateway, sortValue: (r) => r.gateway },
  {
    key: 'containers', title: 'CONTAINERS', width: 12, grow: 2,
    cell: (r) => (r.containers.length === 0 ? '-' : `${r.containers.length}: ${r.containers.join(', ')}`),
    sortValue: (r) => r.containers.length,
  },
  { key: 'bridge', title: 'BRIDGE', width: 15, optional: true, cell: (r) => r.bridge, sortValue: (r) => r.bridge },
];

export function networkKey(row: NetworkRow): string {
  return row.name;
}
