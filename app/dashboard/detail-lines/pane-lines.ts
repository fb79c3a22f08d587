// The detail panes' text as data: lines of styled segments, packed to the
// terminal's width and cut to the pane's height. Pure, so what a pane shows
// at 80 columns is tested without rendering. Values come from images,
// labels and names other people wrote: control characters never reach the
// terminal.
import { timeAgo } from '../../format/units.js';

export type Tone = 'title' | 'label' | 'dim' | 'warn';

export interface Segment {
  text: string;
  tone?: Tone | undefined;
}

export type PaneLine = Segment[];

/** A label and its value; an empty value shows as "-". */
export type Field = readonly [label: string, value: string];

const GAP = '   ';

/** Control characters (C0, DEL, C1) as "?": an env value or label could carry escape sequences. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** At most `width` cells, ending in "…" when cut. */
export function clip(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? '…'.slice(0, Math.max(0, width)) : chars.slice(0, width - 1).join('') + '…';
}

export function cells(text: string): number {
  return [...text].length;
}

export function lineText(line: PaneLine): string {
  return line.map((s) => s.text).join('');
}

/** "2024-01-01 10:00 (3 days ago)"; "-" when unknown. */
export function when(iso: string | undefined, now: number): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '-';
  return `${iso.slice(0, 16).replace('T', ' ')} (${timeAgo(iso, now)})`;
}

/** Fields side by side, as many to a line as fit; one too long for a line has its value cut. */
export function packFields(fields: readonly Field[], width: number): PaneLine[] {
  const lines: PaneLine[] = [];
  let line: PaneLine = [];
  let used = 0;
  for (const [label, raw] of fields) {
    const value = printable(raw === '' ? '-' : raw);
    const size = cells(label) + 1 + cells(value);
    if (line.length > 0 && used + GAP.length + size > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (line.length > 0) {
      line.push({ text: GAP });
      used += GAP.length;
    }
    const shown = clip(value, Math.max(1, width - used - cells(label) - 1));
    line.push({ text: `${label} `, tone: 'label' }, { text: shown });
    used += cells(label) + 1 + cells(shown);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * A labelled list: the label with the count, then the items separated by
 * gaps, wrapping onto lines indented under the first item. Each item is cut
 * to fit a line. No items: one line with "-".
 */
export function packList(label: string, items: readonly (string | Segment[])[], width: number): PaneLine[] {
  const head = `${label}${items.length > 1 ? ` (${items.length})` : ''} `;
  const indent = ' '.repeat(Math.min(cells(head), 4));
  if (items.length === 0) return [[{ text: head, tone: 'label' }, { text: '-' }]];
  const lines: PaneLine[] = [];
  let line: PaneLine = [{ text: head, tone: 'label' }];
  let used = cells(head);
  let first = true;
  for (const item of items) {
    const parts = typeof item === 'string' ? [{ text: item }] : item;
    const size = parts.reduce((n, p) => n + cells(printable(p.text)), 0);
    if (!first && used + GAP.length + size > width) {
      lines.push(line);
      line = [{ text: indent }];
      used = indent.length;
    } else if (!first) {
      line.push({ text: GAP });
      used += GAP.length;
    }
    first = false;
    let room = Math.max(1, width - used);
    for (const p of parts) {
      const shown = clip(printable(p.text), room);
      if (shown === '') break;
      line.push({ text: shown, tone: p.tone });
      room -= cells(shown);
      used += cells(shown);
      if (room <= 0) break;
    }
  }
  lines.push(line);
  return lines;
}

/** At most `max` lines; when some are left out, the last line says how many. */
export function fitLines(lines: readonly PaneLine[], max: number): PaneLine[] {
  if (max <= 0) return [];
  if (lines.length <= max) return [...lines];
  const left = lines.length - (max - 1);
  return [...lines.slice(0, max - 1), [{ text: `… ${left} more line${left === 1 ? '' : 's'} (a taller terminal shows them)`, tone: 'dim' }]];
}
