// Docker's `version` layout: "Section:" lines, then indented "Key:<TAB>value"
// lines aligned by Go's tabwriter (minwidth 20, padding 1, per block of lines
// with tabs).
export type KeyValueLine = [indent: number, key: string, value: string] | string;

export function renderKeyValues(lines: readonly KeyValueLine[]): string {
  const out: string[] = [];
  let block: [string, string][] = [];
  const flush = () => {
    const width = Math.max(20, ...block.map(([k]) => k.length + 1));
    for (const [k, v] of block) out.push(`${k.padEnd(width)}${v}`.trimEnd());
    block = [];
  };
  for (const line of lines) {
    if (typeof line === 'string') {
      flush();
      out.push(line);
    } else block.push([`${' '.repeat(line[0])}${line[1]}:`, line[2]]);
  }
  flush();
  return out.join('\n') + '\n';
}
