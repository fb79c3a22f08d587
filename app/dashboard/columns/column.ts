// Table columns as data: how wide, how they grow, which can be dropped on a
// narrow terminal, how a cell reads and how the column sorts. Pure, so the
// reducers can filter and sort with the same definitions the Table draws.
import type { ContainerStats } from '../engine-port.js';

export interface CellContext {
  stats: ReadonlyMap<string, ContainerStats>;
  now: number;
}

export interface Column<Row> {
  key: string;
  title: string;
  /** Minimum width in cells. */
  width: number;
  /** Share of spare width; 0 keeps the column at `width`. */
  grow?: number;
  align?: 'left' | 'right';
  /** Dropped when the terminal is too narrow: highest dropRank first, then rightmost first. */
  optional?: boolean;
  /** Among optional columns, which go first (default 0). */
  dropRank?: number;
  cell(row: Row, ctx: CellContext): string;
  sortValue?(row: Row, ctx: CellContext): number | string;
}

export interface LaidOutColumn<Row> {
  column: Column<Row>;
  width: number;
}

export const GAP = 1;

/** Fits columns into `total` cells: drops optional ones, then shares the rest. */
export function layoutColumns<Row>(columns: readonly Column<Row>[], total: number): LaidOutColumn<Row>[] {
  let kept = [...columns];
  const needed = (cols: readonly Column<Row>[]) => cols.reduce((s, c) => s + c.width, 0) + GAP * Math.max(0, cols.length - 1);
  while (needed(kept) > total) {
    const drop = nextToDrop(kept);
    if (drop < 0) break;
    kept = kept.filter((_, i) => i !== drop);
  }
  let spare = Math.max(0, total - needed(kept));
  const weight = kept.reduce((s, c) => s + (c.grow ?? 0), 0);
  const out = kept.map((column) => ({ column, width: column.width }));
  if (weight > 0) {
    const share = spare;
    for (const item of out) {
      const extra = Math.floor((share * (item.column.grow ?? 0)) / weight);
      item.width += extra;
      spare -= extra;
    }
    for (const item of out) if (spare > 0 && (item.column.grow ?? 0) > 0) { item.width++; spare--; }
  }
  return out;
}

function nextToDrop<Row>(columns: readonly Column<Row>[]): number {
  let best = -1;
  columns.forEach((c, i) => {
    if (c.optional && (best < 0 || (c.dropRank ?? 0) >= (columns[best]!.dropRank ?? 0))) best = i;
  });
  return best;
}

/** Pads or truncates (with an ellipsis) text to exactly `width` cells. */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return width === 1 ? '…' : chars.slice(0, width - 1).join('') + '…';
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

export function formatRow<Row>(layout: readonly LaidOutColumn<Row>[], row: Row, ctx: CellContext): string {
  return layout.map(({ column, width }) => fitCell(column.cell(row, ctx), width, column.align)).join(' '.repeat(GAP));
}

export function formatHeader<Row>(layout: readonly LaidOutColumn<Row>[], sortKey: string, sortDesc: boolean): string {
  return layout
    .map(({ column, width }) => {
      const title = column.key === sortKey ? `${column.title}${sortDesc ? '▼' : '▲'}` : column.title;
      return fitCell(title, width, column.align);
    })
    .join(' '.repeat(GAP));
}
