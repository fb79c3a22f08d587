// Mouse reporting, off by default so the terminal's own text selection works:
// `m` turns on xterm's button events in SGR encoding (1000 + 1006), whose
// reports look like ESC [ < button ; column ; row M (press) or m (release).
import type { Action, DashboardState } from './state/dashboard-state.js';

export const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
export const MOUSE_OFF = '\u001b[?1000l\u001b[?1006l';

export interface MouseEvent {
  kind: 'click' | 'wheelUp' | 'wheelDown';
  /** 1-based, as the terminal reports them. */
  column: number;
  row: number;
}

const SGR = /\u001b?\[<(\d+);(\d+);(\d+)([Mm])/g;

/** The mouse events in a chunk of input; presses of the left button and wheel turns. */
export function parseMouse(data: string): MouseEvent[] {
  const out: MouseEvent[] = [];
  for (const m of data.matchAll(SGR)) {
    const button = Number(m[1]);
    const press = m[4] === 'M';
    const at = { column: Number(m[2]), row: Number(m[3]) };
    // 64/65 are the wheel; 0 the left button (modifier bits 4, 8, 16 are ignored).
    if ((button & 0b1100011) === 64) out.push({ kind: 'wheelUp', ...at });
    else if ((button & 0b1100011) === 65) out.push({ kind: 'wheelDown', ...at });
    else if (press && (button & 0b1100011) === 0) out.push({ kind: 'click', ...at });
  }
  return out;
}

/** Whether a chunk Ink hands to useInput is a mouse report (to be ignored as a key). */
export function isMouseReport(input: string): boolean {
  return /^\u001b?\[<\d+;\d+;\d+[Mm]/.test(input);
}

/** The screen row of the first table row: the tab bar, then the header. */
export const FIRST_TABLE_ROW = 3;
const WHEEL_LINES = 3;

/** What a mouse event does: a click selects the row under it, the wheel scrolls the list or the logs. */
export function mouseAction(state: DashboardState, event: MouseEvent, tableStart: number): Action | undefined {
  if (state.mode === 'logs') {
    if (event.kind === 'click') return undefined;
    return { type: 'logsScroll', delta: event.kind === 'wheelUp' ? -WHEEL_LINES : WHEEL_LINES };
  }
  if (state.mode !== 'normal') return undefined;
  if (event.kind !== 'click') return { type: 'move', delta: event.kind === 'wheelUp' ? -WHEEL_LINES : WHEEL_LINES };
  if (event.row < FIRST_TABLE_ROW) return undefined;
  return { type: 'selectIndex', index: tableStart + event.row - FIRST_TABLE_ROW };
}
