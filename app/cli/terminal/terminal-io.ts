// The streams an interactive session uses (process.* unless a test injects
// others), raw mode that is always undone, and terminal size tracking.
import type { Readable, Writable } from 'node:stream';

export type TerminalInput = Readable & { isTTY?: boolean; isRaw?: boolean; setRawMode?(mode: boolean): unknown };
export type TerminalOutput = Writable & { isTTY?: boolean; columns?: number; rows?: number };

export interface TerminalIO {
  stdin: TerminalInput;
  stdout: TerminalOutput;
  stderr: Writable;
}

export function defaultIO(): TerminalIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

export interface TerminalSize {
  rows: number;
  cols: number;
}

/** The size of the user's terminal; 24x80 when stdout is not one (what a fresh pty has too). */
export function terminalSize(out: TerminalOutput): TerminalSize {
  const rows = out.isTTY && out.rows ? out.rows : 24;
  const cols = out.isTTY && out.columns ? out.columns : 80;
  return { rows, cols };
}

/**
 * Calls `onResize` whenever the terminal is resized. Node turns SIGWINCH into
 * a 'resize' event on a TTY stdout, so listening there also works for
 * injected streams. Returns the function that stops listening.
 */
export function followResizes(out: TerminalOutput, onResize: (size: TerminalSize) => void): () => void {
  const listener = (): void => onResize(terminalSize(out));
  out.on('resize', listener);
  return () => { out.off('resize', listener); };
}

/**
 * Puts stdin in raw mode (when it is a terminal) so every key, Ctrl-C
 * included, goes to the container as a byte instead of signalling us.
 * The returned restore function is idempotent and also runs if the process
 * exits first, so the user's shell never inherits a raw terminal.
 */
export function enterRawMode(stdin: TerminalInput): () => void {
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return () => {};
  const wasRaw = stdin.isRaw === true;
  stdin.setRawMode(true);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    try {
      stdin.setRawMode?.(wasRaw);
    } catch {
      // The terminal is already gone (hangup); there is nothing left to restore.
    }
  };
  process.on('exit', restore);
  return restore;
}

/** Stops reading stdin so it no longer keeps the process alive. */
export function releaseInput(stdin: TerminalInput, onData: (chunk: Buffer) => void, onEnd?: () => void): void {
  stdin.off('data', onData);
  if (onEnd) stdin.off('end', onEnd);
  stdin.pause();
}
