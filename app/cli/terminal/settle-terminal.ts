// Taking the terminal back from a program we handed it to (a shell, an
// attached container). Two things can still be in flight then: answers to
// queries the program sent just before it let go (line editors ask for the
// cursor position with ESC[6n), which would otherwise reach our own key
// parser as keys, and a cursor left mid-line, where a full-screen frame
// drawn next would start and wrap.
import { enterRawMode, type TerminalIO } from './terminal-io.js';

/**
 * The cursor position (ESC[6n, answered ESC[row;colR), then the device
 * attributes (ESC[c, answered ESC[?...c). Terminals answer in order, so the
 * attributes answer comes after every answer owed for earlier queries; the
 * program's own late cursor reports look like ours, the attributes do not.
 */
const QUERIES = '\u001b[6n\u001b[c';
const CURSOR_REPORTS = /\u001b\[(\d+);(\d+)R/g;
const ATTRIBUTES_REPORT = /\u001b\[\?[\d;]*c/;

/** How long to wait for the terminal's answer; one that never answers costs this once per handover. */
export const SETTLE_TIMEOUT_MS = 300;

export interface SettleResult {
  /** 1-based cursor column before settling; undefined if the terminal did not answer. */
  column: number | undefined;
}

/**
 * Asks the terminal where its cursor is and drops every input byte up to its
 * answers, so late replies and keys typed during the handover are not taken as
 * commands. Then moves to the start of a fresh line unless already at one.
 */
export async function settleTerminal(io: Pick<TerminalIO, 'stdin' | 'stdout'>, timeoutMs = SETTLE_TIMEOUT_MS): Promise<SettleResult> {
  if (!io.stdin.isTTY || !io.stdout.isTTY) return { column: undefined };
  // Raw, so the answer is delivered at once and not echoed onto the screen.
  const restoreRaw = enterRawMode(io.stdin);
  let seen = '';
  const column = await new Promise<number | undefined>((resolve) => {
    const finish = (value: number | undefined): void => {
      clearTimeout(timer);
      io.stdin.off('data', onData);
      io.stdin.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      // Only the tail can hold reports split across reads; keep it bounded.
      seen = (seen + chunk.toString()).slice(-4096);
      const end = ATTRIBUTES_REPORT.exec(seen);
      if (!end) return;
      const reports = [...seen.slice(0, end.index).matchAll(CURSOR_REPORTS)];
      finish(reports.length > 0 ? Number(reports.at(-1)![2]) : undefined);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    io.stdin.on('data', onData);
    io.stdin.resume();
    io.stdout.write(QUERIES);
  });
  restoreRaw();
  if (column !== 1) io.stdout.write('\r\n');
  return { column };
}
