// `history` rows as Docker's CLI prints them (cli/command/formatter/history.go):
// CREATED BY cut to 45 characters, tabs as spaces; -H=false gives raw byte
// counts and RFC 3339 times.
import type { HistoryRow } from '../../engine/images/image-history.js';
import { humanSize, timeAgo } from './units.js';

export interface HistoryOptions {
  noTrunc: boolean;
  human: boolean;
  now?: number;
}

/** Docker's Ellipsis: at most MAX characters, the last one "…" when cut. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Go's time.RFC3339 in UTC: no fractional seconds. */
export function rfc3339(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function historyFields(row: HistoryRow, opts: HistoryOptions): Record<string, string> {
  const createdBy = row.createdBy.replaceAll('\t', ' ');
  const id = row.id === undefined ? '<missing>' : opts.noTrunc ? row.id : row.id.replace(/^sha256:/, '').slice(0, 12);
  return {
    ID: id,
    CreatedSince: opts.human ? (row.created ? timeAgo(row.created, opts.now) : 'N/A') : rfc3339(row.created),
    CreatedAt: rfc3339(row.created),
    CreatedBy: opts.noTrunc ? createdBy : ellipsis(createdBy, 45),
    Size: opts.human ? humanSize(row.size) : String(row.size),
    Comment: row.comment,
  };
}

export const HISTORY_HEADERS: Record<string, string> = {
  ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT',
};

export function historyTable(rows: readonly HistoryRow[], opts: HistoryOptions): { header: string[]; cells: string[][] } {
  return {
    header: ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'],
    cells: rows.map((r) => {
      const f = historyFields(r, opts);
      return [f.ID!, f.CreatedSince!, f.CreatedBy!, f.Size!, f.Comment!];
    }),
  };
}
