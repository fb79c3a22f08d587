// The current view's table, and the selected row's detail pane below it.
import { useMemo } from 'react';
import { Box } from 'ink';
import { containerColumns } from '../columns/container-columns.js';
import { imageColumns, imageKey } from '../columns/image-columns.js';
import { networkColumns, networkKey } from '../columns/network-columns.js';
import { volumeColumns, volumeKey } from '../columns/volume-columns.js';
import { formatHeader, formatRow, layoutColumns, type CellContext, type Column } from '../columns/column.js';
import type { ContainerRow } from '../engine-port.js';
import type { DashboardState, ListState } from '../state/dashboard-state.js';
import { selectedIndex, visibleContainers, visibleImages, visibleNetworks, visibleVolumes } from '../state/visible-rows.js';
import { detailFor } from '../state/detail-state.js';
import { Table, type TableRow } from './Table.js';
import { DetailPane, detailHeight } from './DetailPane.js';
import { ObjectPane, objectLines, objectPaneHeight } from './ObjectPane.js';

export interface ListViewProps {
  state: DashboardState;
  /** Told where the table is scrolled to (for mouse clicks). */
  tableStart?: { current: number };
  width: number;
  height: number;
}

/** Room for the mark and scroll columns Table puts before each row. */
const PREFIX = 2;

function tableOf<Row>(
  columns: readonly Column<Row>[], rows: readonly Row[], key: (row: Row) => string, list: ListState, ctx: CellContext, width: number,
  dim?: (row: Row) => boolean,
): { header: string; rows: TableRow[] } {
  const layout = layoutColumns(columns, width - PREFIX);
  return {
    header: formatHeader(layout, list.sortKey, list.sortDesc),
    rows: rows.map((r) => ({ key: key(r), text: formatRow(layout, r, ctx), dim: dim?.(r) })),
  };
}

export function ListView({ state, tableStart, width, height }: ListViewProps) {
  const list = state.lists[state.view];
  const table = useMemo((): { header: string; rows: TableRow[]; containers: ContainerRow[] } => {
    const ctx = { stats: state.stats, now: Date.now() };
    switch (state.view) {
      case 'containers': {
        const rows = visibleContainers(state);
        const t = tableOf(containerColumns, rows, (r) => r.id, list, ctx, width, (r) => r.state === 'created' || r.state === 'exited');
        return { ...t, containers: rows };
      }
      case 'images': return { ...tableOf(imageColumns, visibleImages(state), imageKey, list, ctx, width), containers: [] };
      case 'networks': return { ...tableOf(networkColumns, visibleNetworks(state), networkKey, list, ctx, width), containers: [] };
      case 'volumes': return { ...tableOf(volumeColumns, visibleVolumes(state), volumeKey, list, ctx, width), containers: [] };
    }
  }, [state.view, state.containers, state.images, state.networks, state.volumes, state.stats, list, width]);

  const selected = selectedIndex(table.rows.map((r) => r.key), list.selectedId);
  const showDetail = state.view === 'containers' && height >= 10;
  const row = table.containers[selected];
  // The containers' pane or another view's object pane, each its own height rule.
  const paneHeight = state.view === 'containers' ? (showDetail ? detailHeight(height) : 0) : objectPaneHeight(height);
  const empty = list.filter ? `no ${state.view} match "${list.filter}"` : state.loaded ? `no ${state.view}` : 'loading…';
  return (
    <Box flexDirection="column" height={height}>
      <Table header={table.header} rows={table.rows} selected={selected} marks={list.marks}
        height={height - paneHeight} empty={empty} startRef={tableStart} />
      {showDetail ? (
        <DetailPane row={row} stats={row && state.stats.get(row.id)} history={row && state.history.get(row.id)}
          detail={detailFor(state.details.containers, row?.id)} width={width} height={paneHeight} />
      ) : null}
      {!showDetail && paneHeight > 0 ? (
        <ObjectPane lines={objectLines(state, table.rows[selected]?.key, width, Date.now())} height={paneHeight} />
      ) : null}
    </Box>
  );
}
