// Go's text/tabwriter as Docker's CLI configures it for "table" formats
// (minwidth 10, padding 3, spaces): tab-terminated cells are aligned in
// column blocks of consecutive lines; a line's last cell is not aligned.
const MIN_WIDTH = 10;
const PADDING = 3;

const width = (s: string): number => [...s].length;

/** Aligns TEXT (lines of tab-separated cells, as a table template produced them). */
export function tabwrite(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      out.push(lines[i]!.map((cell, j) => (j < widths.length ? cell + ' '.repeat(Math.max(0, widths[j]! - width(cell))) : cell)).join(''));
    }
  };

  // Go's format(): recursively, a block of lines having a cell in `column`
  // gets that column's width, then the next column within that block.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let w = MIN_WIDTH;
      for (; i < line1 && column < lines[i]!.length - 1; i++) w = Math.max(w, width(lines[i]![column]!) + PADDING);
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

/** Docker turns the two characters `\t` and `\n` in a --format string into a tab and a newline. */
export function expandFormatEscapes(format: string): string {
  return format.replace(/\\([tn])/g, (_m, c: string) => (c === 't' ? '\t' : '\n'));
}
