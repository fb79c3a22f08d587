// The current view's table, and for containers the detail pane below it.
import { useMemo } from 'react';
import { Box } from 'ink';
import { containerColumns } from '../columns/container-columns.js';
import { imageColumns, imageKey } from '../columns/image-columns.js';
import { formatHeader, formatRow, layoutColumns } from '../columns/column.js';
import type { DashboardState } from '../state/dashboard-state.js';
import { selectedIndex, visibleContainers, visibleImages } from '../state/visible-rows.js';
import { Table, type TableRow } from './Table.js';
import { DetailPane, DETAIL_HEIGHT } from './DetailPane.js';

export interface ListViewProps {
  state: DashboardState;
  /** Told where the table is scrolled to (for mouse clicks). */
  tableStart?: { current: number };
  width: number;
  height: number;
}

/** Room for the mark and scroll columns Table puts before each row. */
const PREFIX = 2;

export function ListView({ state, tableStart, width, height }: ListViewProps) {
  const list = state.lists[state.view];
  const table = useMemo(() => {
    const ctx = { stats: state.stats, now: Date.now() };
    if (state.view === 'containers') {
      const layout = layoutColumns(containerColumns, width - PREFIX);
      const rows = visibleContainers(state);
      return {
        header: formatHeader(layout, list.sortKey, list.sortDesc),
        rows: rows.map((r): TableRow => ({ key: r.id, text: formatRow(layout, r, ctx), dim: r.state !== 'running' })),
        containers: rows,
      };
    }
    const layout = layoutColumns(imageColumns, width - PREFIX);
    const rows = visibleImages(state);
    return {
      header: formatHeader(layout, list.sortKey, list.sortDesc),
      rows: rows.map((r): TableRow => ({ key: imageKey(r), text: formatRow(layout, r, ctx) })),
      containers: [],
    };
  }, [state.view, state.containers, state.images, state.stats, list, width]);

  const selected = selectedIndex(table.rows.map((r) => r.key), list.selectedId);
  const showDetail = state.view === 'containers' && height >= 10;
  const row = table.containers[selected];
  const empty = list.filter ? `no ${state.view} match "${list.filter}"` : state.loaded ? `no ${state.view}` : 'loading…';
  return (
    <Box flexDirection="column" height={height}>
      <Table header={table.header} rows={table.rows} selected={selected} marks={list.marks}
        height={showDetail ? height - DETAIL_HEIGHT : height} empty={empty} startRef={tableStart} />
      {showDetail ? (
        <DetailPane row={row} stats={row && state.stats.get(row.id)} history={row && state.history.get(row.id)} width={width} />
      ) : null}
    </Box>
  );
}
