// Which rows a view shows, in which order: the filter, then the sort, with
// the same column definitions the table draws.
import type { ContainerRow, ImageRow, NetworkRow, VolumeRow } from '../engine-port.js';
import type { CellContext, Column } from '../columns/column.js';
import { containerColumns } from '../columns/container-columns.js';
import { imageColumns, imageKey } from '../columns/image-columns.js';
import { networkColumns, networkKey } from '../columns/network-columns.js';
import { volumeColumns, volumeKey } from '../columns/volume-columns.js';
import type { DashboardState, ListState, ViewName } from './dashboard-state.js';

export function sortFilter<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  list: ListState,
  ctx: CellContext,
  searchText: (row: Row) => string,
): Row[] {
  const needle = list.filter.toLowerCase();
  const kept = needle ? rows.filter((r) => searchText(r).toLowerCase().includes(needle)) : [...rows];
  const column = columns.find((c) => c.key === list.sortKey);
  const value = column?.sortValue;
  if (!value) return kept;
  const sign = list.sortDesc ? -1 : 1;
  return kept
    .map((row, index) => ({ row, index, v: value(row, ctx) }))
    .sort((a, b) => sign * compare(a.v, b.v) || a.index - b.index)
    .map((x) => x.row);
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export function visibleContainers(state: DashboardState): ContainerRow[] {
  return sortFilter(state.containers, containerColumns, state.lists.containers, { stats: state.stats, now: 0 },
    (r) => `${r.name} ${r.image} ${r.state} ${r.id}`);
}

export function visibleImages(state: DashboardState): ImageRow[] {
  return sortFilter(state.images, imageColumns, state.lists.images, { stats: state.stats, now: 0 },
    (r) => `${r.repository}:${r.tag} ${r.id} ${r.containers.join(' ')}`);
}

export function visibleNetworks(state: DashboardState): NetworkRow[] {
  return sortFilter(state.networks, networkColumns, state.lists.networks, { stats: state.stats, now: 0 },
    (r) => `${r.name} ${r.subnet} ${r.gateway} ${r.bridge} ${r.containers.join(' ')}`);
}

export function visibleVolumes(state: DashboardState): VolumeRow[] {
  return sortFilter(state.volumes, volumeColumns, state.lists.volumes, { stats: state.stats, now: 0 },
    (r) => `${r.name} ${r.mountpoint} ${r.containers.join(' ')}`);
}

/** The keys of the rows the view shows, in order. */
export function visibleKeys(state: DashboardState, view: ViewName = state.view): string[] {
  switch (view) {
    case 'containers': return visibleContainers(state).map((r) => r.id);
    case 'images': return visibleImages(state).map(imageKey);
    case 'networks': return visibleNetworks(state).map(networkKey);
    case 'volumes': return visibleVolumes(state).map(volumeKey);
  }
}

/** The selected row's key (the first row's when the selection is gone); undefined when the view shows none. */
export function selectedKey(state: DashboardState, view: ViewName = state.view): string | undefined {
  const keys = visibleKeys(state, view);
  return keys[selectedIndex(keys, state.lists[view].selectedId)];
}

/** The container whose detail pane is on screen: the selected row of the containers list. */
export function selectedContainerId(state: DashboardState): string | undefined {
  if (state.view !== 'containers' || state.mode === 'logs' || state.mode === 'help') return undefined;
  return selectedKey(state, 'containers');
}

/** Index of the selected row; the first row when the selection is gone. */
export function selectedIndex(keys: readonly string[], selectedId: string | undefined): number {
  const i = selectedId === undefined ? -1 : keys.indexOf(selectedId);
  return i < 0 ? 0 : i;
}

const COLUMNS: Record<ViewName, readonly Column<never>[]> = {
  containers: containerColumns, images: imageColumns, networks: networkColumns, volumes: volumeColumns,
};

export function sortKeys(view: ViewName): string[] {
  return COLUMNS[view].filter((c) => c.sortValue).map((c) => c.key);
}

/** Marked rows if any, else the selected one: what an action applies to. */
export function targets(state: DashboardState): string[] {
  const list = state.lists[state.view];
  const keys = visibleKeys(state);
  if (list.marks.size > 0) return keys.filter((k) => list.marks.has(k));
  const key = keys[selectedIndex(keys, list.selectedId)];
  return key === undefined ? [] : [key];
}
