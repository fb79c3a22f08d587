// Every key the dashboard knows, for the `?` overlay. keys.ts implements them.
export interface HelpSection {
  title: string;
  keys: readonly (readonly [string, string])[];
}

export const HELP: readonly HelpSection[] = [
  {
    title: 'Navigation',
    keys: [
      ['j / ↓', 'down'], ['k / ↑', 'up'], ['g / Home', 'top'], ['G / End', 'bottom'],
      ['PgUp / PgDn', 'page up / down'], ['Tab', 'next view'], ['1 / 2', 'containers / images'], ['3 / 4', 'networks / volumes'],
      ['/', 'filter (Enter keeps, Esc clears)'], ['Space', 'mark row for bulk actions'],
      ['< / >', 'sort by previous / next column'], ['I', 'invert sort'], ['Esc', 'back, clear marks and filter'],
      ['p', 'pull an image (any view)'], ['m', 'mouse on/off (off: select text)'], ['?', 'this help'], ['q / Ctrl-c', 'quit'],
    ],
  },
  {
    title: 'Containers',
    keys: [
      ['s', 'start or stop'], ['r', 'restart'], ['z', 'pause / unpause'], ['Ctrl-k', 'kill (confirms)'], ['Ctrl-d / D', 'remove (confirms)'],
      ['l', 'logs'], ['e', 'exec a shell'], ['a', 'attach (Ctrl-p Ctrl-q detaches)'], ['n', 'run a new container'],
    ],
  },
  {
    title: 'Images',
    keys: [['n', 'run a container of it'], ['Ctrl-d / D', 'remove (confirms)']],
  },
  {
    title: 'Networks, volumes',
    keys: [['n', 'create (asks for a name)'], ['Ctrl-d / D', 'remove (confirms)'], ['P', 'prune unused (confirms)']],
  },
  {
    title: 'Logs',
    keys: [
      ['f', 'follow on/off'], ['t', 'timestamps'], ['w', 'wrap'], ['/', 'search'], ['n / N', 'next / previous match'],
      ['j k ↑ ↓', 'scroll'], ['g / G', 'top / newest'], ['Ctrl-s / S', 'save to a file'], ['Esc', 'clear search, back'],
    ],
  },
  {
    title: 'Run form',
    keys: [['Tab / ↓', 'next field'], ['Shift-Tab / ↑', 'previous field'], ['Enter', 'run detached'], ['Esc', 'cancel']],
  },
];

export type HelpLine = { title: string; keys?: undefined; what?: undefined } | { title?: undefined; keys: string; what: string };

/** The help as lines: each section's title, then its keys. */
export function helpLines(): HelpLine[] {
  return HELP.flatMap((section): HelpLine[] => [{ title: section.title }, ...section.keys.map(([keys, what]) => ({ keys, what }))]);
}

/**
 * The help lines split into `columns` columns of about `perColumn` lines,
 * never leaving a section's title alone at the foot of a column with its keys
 * in the next one. The last column takes what is left.
 */
export function helpColumns(lines: readonly HelpLine[], columns: number, perColumn: number): HelpLine[][] {
  const out: HelpLine[][] = [[]];
  for (const line of lines) {
    let column = out.at(-1)!;
    const full = column.length >= perColumn || (line.keys === undefined && column.length === perColumn - 1);
    if (full && out.length < columns && column.length > 0) {
      column = [];
      out.push(column);
    }
    column.push(line);
  }
  return out;
}
