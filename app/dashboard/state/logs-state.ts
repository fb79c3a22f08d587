// The logs view: the lines streamed so far, and how they are looked at —
// follow (stick to the newest line), timestamps, wrap, scrolling, search with
// n/N, and the save prompt. Pure; LogsView draws it, keys.ts drives it.
import type { LogLine } from '../engine-port.js';

/** Lines kept in memory; older ones are dropped as new ones stream in. */
export const LOG_LINES_KEPT = 5000;

export interface LogsState {
  id: string;
  name: string;
  lines: LogLine[];
  /** Lines dropped from the front (LOG_LINES_KEPT), so indexes stay meaningful to the user. */
  dropped: number;
  loaded: boolean;
  /** The stream ended (the container stopped); the error, if it failed. */
  ended: boolean;
  follow: boolean;
  timestamps: boolean;
  wrap: boolean;
  /** Index of the lowest line on screen when not following. */
  anchor: number;
  /** The search in effect (case-insensitive), '' for none. */
  search: string;
  /** Text being typed after `/`, undefined when not typing. */
  searchInput: string | undefined;
  /** Index of the current match. */
  match: number | undefined;
  /** Path being typed for saving, undefined when not prompting. */
  savePath: string | undefined;
}

export type LogsAction =
  | { type: 'logsAppend'; lines: LogLine[] }
  | { type: 'logsEnded' }
  | { type: 'logsToggle'; what: 'follow' | 'timestamps' | 'wrap' }
  | { type: 'logsScroll'; delta: number }
  | { type: 'logsScrollTo'; where: 'top' | 'bottom' }
  | { type: 'logsSearchInput'; text: string | undefined }
  | { type: 'logsSearch'; text: string }
  | { type: 'logsFind'; direction: 1 | -1 }
  | { type: 'logsSavePrompt'; text: string | undefined };

export function openLogs(id: string, name: string): LogsState {
  return {
    id, name, lines: [], dropped: 0, loaded: false, ended: false, follow: true, timestamps: false, wrap: false,
    anchor: 0, search: '', searchInput: undefined, match: undefined, savePath: undefined,
  };
}

const last = (s: LogsState) => Math.max(0, s.lines.length - 1);

/** Index of the lowest line on screen. */
export function bottomLine(s: LogsState): number {
  return s.follow ? last(s) : Math.min(s.anchor, last(s));
}

export function lineMatches(text: string, search: string): boolean {
  return search !== '' && text.toLowerCase().includes(search.toLowerCase());
}

/** The next (or previous) matching line from `from`, wrapping around; undefined if none. */
export function findMatch(lines: readonly LogLine[], search: string, from: number, direction: 1 | -1): number | undefined {
  const n = lines.length;
  for (let step = 1; step <= n; step++) {
    const i = (((from + direction * step) % n) + n) % n;
    if (lineMatches(lines[i]!.text, search)) return i;
  }
  return undefined;
}

export function logsReducer(s: LogsState, a: LogsAction): LogsState {
  switch (a.type) {
    case 'logsAppend': {
      if (a.lines.length === 0) return s.loaded ? s : { ...s, loaded: true };
      const all = s.lines.concat(a.lines);
      const drop = Math.max(0, all.length - LOG_LINES_KEPT);
      const shift = (i: number | undefined) => (i === undefined ? undefined : i - drop < 0 ? undefined : i - drop);
      return {
        ...s, loaded: true, lines: drop > 0 ? all.slice(drop) : all, dropped: s.dropped + drop,
        anchor: Math.max(0, s.anchor - drop), match: shift(s.match),
      };
    }
    case 'logsEnded':
      return { ...s, ended: true, loaded: true };
    case 'logsToggle':
      if (a.what === 'follow') return s.follow ? { ...s, follow: false, anchor: last(s) } : { ...s, follow: true };
      return { ...s, [a.what]: !s[a.what] };
    case 'logsScroll': {
      const anchor = Math.max(0, Math.min(last(s), bottomLine(s) + a.delta));
      // Scrolling to the newest line resumes following, as in `less +F`.
      return { ...s, anchor, follow: a.delta > 0 && anchor === last(s) ? true : false };
    }
    case 'logsScrollTo':
      return a.where === 'bottom' ? { ...s, follow: true } : { ...s, follow: false, anchor: 0 };
    case 'logsSearchInput':
      return { ...s, searchInput: a.text };
    case 'logsSearch': {
      const match = a.text === '' ? undefined : findMatch(s.lines, a.text, bottomLine(s) + 1, -1);
      return { ...moveTo(s, match), search: a.text, searchInput: undefined, match };
    }
    case 'logsFind': {
      if (s.search === '') return s;
      const match = findMatch(s.lines, s.search, s.match ?? bottomLine(s), a.direction);
      return match === undefined ? s : { ...moveTo(s, match), match };
    }
    case 'logsSavePrompt':
      return { ...s, savePath: a.text };
  }
}

/** Scrolls so line `i` shows (it becomes the lowest line unless that is already past it). */
function moveTo(s: LogsState, i: number | undefined): LogsState {
  if (i === undefined) return s;
  return { ...s, follow: false, anchor: i };
}

/** The text of a line as shown and saved: with its timestamp when they are on. */
export function lineText(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${line.time} ${line.text}` : line.text;
}

/** Default file to save a container's logs to. */
export function defaultSavePath(name: string): string {
  return `./${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`;
}
