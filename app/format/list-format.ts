// `--format` for list commands (ps, images), as Docker's CLI does it:
// "table" (the command's default columns), "json" (one object per line),
// "table TEMPLATE" (a header row from the fields' column names, then the
// rows, cells split on tabs and aligned), or a bare TEMPLATE (one line per row).
import { formatColumns } from './columns.js';
import { expandFormatEscapes, tabwrite } from './tabwriter.js';
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

/** The whole output for ROWS in FORMAT (undefined = "table"); ends with a newline unless empty. */
export function renderList<Row>(format: string | undefined, rows: readonly Row[], spec: ListFormat<Row>): string {
  const fmt = format ?? 'table';
  if (fmt === 'table') {
    const { header, cells } = spec.table(rows);
    return formatColumns(header, cells);
  }
  if (fmt === 'json') return rows.map((r) => JSON.stringify(spec.fields(r)) + '\n').join('');
  const table = /^table\s/.test(fmt);
  const template = compileTemplate(expandFormatEscapes(table ? fmt.replace(/^table\s+/, '').trim() : fmt));
  const lines = rows.map((r) => template.execute(spec.fields(r)));
  if (!table) return lines.map((l) => l + '\n').join('');
  return tabwrite([template.execute(headerFields(spec.headers)), ...lines].map((l) => l + '\n').join(''));
}
