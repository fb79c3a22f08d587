// Which log lines fit on screen, bottom up from the lowest one asked for: with
// wrap on a long line takes several rows, and a line cut by the top edge is
// shown by its tail, as a terminal would.
export interface ShownLine {
  index: number;
  /** The rows of this line on screen (one unless wrapped). */
  rows: string[];
}

/** Splits text into rows of `width` cells (code points; wide characters are rare in logs). */
export function wrapRows(text: string, width: number): string[] {
  const chars = [...text];
  if (chars.length <= width || width <= 0) return [text];
  const rows: string[] = [];
  for (let i = 0; i < chars.length; i += width) rows.push(chars.slice(i, i + width).join(''));
  return rows;
}

export function logWindow(texts: readonly string[], bottom: number, height: number, width: number, wrap: boolean): ShownLine[] {
  const out: ShownLine[] = [];
  let left = height;
  for (let i = Math.min(bottom, texts.length - 1); i >= 0 && left > 0; i--) {
    const rows = wrap ? wrapRows(texts[i]!, width) : [texts[i]!];
    const kept = rows.slice(Math.max(0, rows.length - left));
    out.unshift({ index: i, rows: kept });
    left -= kept.length;
  }
  // Near the top of the log the window would not be full: show the lines after instead.
  for (let i = Math.min(bottom, texts.length - 1) + 1; i < texts.length && left > 0; i++) {
    const rows = wrap ? wrapRows(texts[i]!, width) : [texts[i]!];
    const kept = rows.slice(0, left);
    out.push({ index: i, rows: kept });
    left -= kept.length;
  }
  return out;
}

/** `text` cut into pieces, marking the case-insensitive matches of `search`. */
export function highlightPieces(text: string, search: string): { text: string; match: boolean }[] {
  if (!search) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const needle = search.toLowerCase();
  const pieces: { text: string; match: boolean }[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) pieces.push({ text: text.slice(at, i), match: false });
    pieces.push({ text: text.slice(i, i + needle.length), match: true });
    at = i + needle.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false });
  return pieces;
}
