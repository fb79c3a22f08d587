// `--format` for list commands (ps, images), as Docker's CLI does it:
// "table" (the command's default columns), "json" (one object per line),
// "table TEMPLATE" (a header row from the fields' column names, then the
// rows, cells split on tabs and aligned), or a bare TEMPLATE (one line per row).
import { formatColumns } from './columns.js';
import { compileTemplate } from './template.js';

export interface ListFormat<Row> {
  /** Each row's template fields (Docker's placeholder names); functions take arguments (.Label "k"). */
  fields(row: Row): Record<string, unknown>;
  /** Column titles of the fields, for the header of "table TEMPLATE". */
  headers: Record<string, string>;
  /** The default table (header and cells). */
  table(rows: readonly Row[]): { header: string[]; cells: string[][] };
}

function headerFields(headers: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Label is called with a key in a template (.Label "k"): its header must be callable too.
  for (const [key, title] of Object.entries(headers)) out[key] = key === 'Label' ? () => title : title;
  return out;
}

function alignTabs(lines: string[]): string {
  const cells = lines.map((l) => l.split('\t'));
  const width = Math.max(...cells.map((c) => c.length));
  const header = cells[0]!.concat(Array(width - cells[0]!.length).fill(''));
  return formatColumns(header, cells.slice(1));
}

/** The whole output for ROWS in FORMAT (undefined = "table"); ends with a newline unless empty. */
export function renderList<Row>(format: string | undefined, rows: readonly Row[], spec: ListFormat<Row>): string {
  const fmt = format ?? 'table';
  if (fmt === 'table') {
    const { header, cells } = spec.table(rows);
    return formatColumns(header, cells);
  }
  if (fmt === 'json') return rows.map((r) => JSON.stringify(spec.fields(r)) + '\n').join('');
  const table = /^table\s/.test(fmt);
  const template = compileTemplate(table ? fmt.replace(/^table\s+/, '') : fmt);
  const lines = rows.map((r) => template.execute(spec.fields(r)));
  if (!table) return lines.map((l) => l + '\n').join('');
  return alignTabs([template.execute(headerFields(spec.headers)), ...lines]);
}
