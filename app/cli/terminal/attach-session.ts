// `run -it`, `start -a` and `attach`: the user's terminal wired to a running
// container's monitor through attach.sock, with Docker's detach keys.
import path from 'node:path';
import { AttachConnection } from '../../../engine/containers/attach-client.js';
import { AbortedError } from '../../../engine/errors.js';
import { DEFAULT_DETACH_KEYS, DetachMatcher, parseDetachKeys } from './detach-keys.js';
import { defaultIO, enterRawMode, followResizes, releaseInput, terminalSize, type TerminalIO } from './terminal-io.js';

export interface AttachOptions {
  tty: boolean;
  stdin: boolean;
  /** Docker syntax, default "ctrl-p,ctrl-q"; only watched with a tty, as in Docker. */
  detachKeys?: string;
  signal: AbortSignal;
  io?: TerminalIO;
}

export interface AttachResult {
  /** The container's exit code; undefined if we detached or the monitor closed without one. */
  exitCode: number | undefined;
  detached: boolean;
}

/**
 * `containerDir` is STORE/containers/<id> (or its attach.sock). Attaches
 * until the container exits, the user types the detach keys, or `signal`
 * aborts (rejects with AbortedError; the container keeps running). The
 * terminal is restored on every path.
 */
export async function attachToContainer(containerDir: string, opts: AttachOptions): Promise<AttachResult> {
  const io = opts.io ?? defaultIO();
  // Parse before touching the terminal, so a bad spec leaves nothing to undo.
  const matcher = opts.tty ? new DetachMatcher(parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS)) : undefined;
  // Callers may name the socket itself; the connection needs its directory (long paths go through its fd).
  const dir = path.basename(containerDir) === 'attach.sock' ? path.dirname(containerDir) : containerDir;
  const conn = await AttachConnection.connect(dir, { signal: opts.signal });
  const restoreRaw = opts.tty && opts.stdin ? enterRawMode(io.stdin) : () => {};
  const cleanups: (() => void)[] = [];

  return new Promise<AttachResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      for (const undo of cleanups.reverse()) undo();
      restoreRaw();
      outcome();
    };

    let outputPaused = false;
    conn.on('output', (stream, data) => {
      // Frames still in flight after a detach belong to no one: the terminal is someone else's again.
      if (settled) return;
      const out = stream === 'stdout' ? io.stdout : io.stderr;
      // Stop reading the socket until the terminal catches up; the monitor keeps 1 MiB for us.
      if (!out.write(data) && !outputPaused) {
        outputPaused = true;
        conn.pause();
        out.once('drain', () => { outputPaused = false; conn.resume(); });
      }
    });
    conn.once('end', (end) => {
      settle(() => (end.error ? reject(end.error) : resolve({ exitCode: end.exitCode, detached: false })));
    });

    const onAbort = (): void => {
      settle(() => reject(new AbortedError({ cause: opts.signal.reason })));
      conn.close();
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => opts.signal.removeEventListener('abort', onAbort));

    // Only a real terminal has a size worth imposing on the container (docker does the same).
    if (opts.tty && io.stdout.isTTY) {
      const { rows, cols } = terminalSize(io.stdout);
      conn.resize(rows, cols);
      cleanups.push(followResizes(io.stdout, (size) => conn.resize(size.rows, size.cols)));
    }

    if (opts.stdin) {
      const onInput = (data: Buffer | string): void => {
        // A stdin someone set an encoding on (Ink does, for the dashboard) gives strings.
        const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        const scan = matcher ? matcher.scan(chunk) : { forward: chunk, detached: false };
        if (scan.forward.length > 0 && !conn.writeStdin(scan.forward)) {
          io.stdin.pause();
          void conn.drain().then(() => { if (!settled) io.stdin.resume(); });
        }
        if (scan.detached) {
          settle(() => resolve({ exitCode: undefined, detached: true }));
          conn.close();
        }
      };
      // End of a piped stdin: the container sees EOF (VEOF on a pty), as with docker attach.
      const onInputEnd = (): void => conn.closeStdin();
      io.stdin.on('data', onInput);
      io.stdin.once('end', onInputEnd);
      io.stdin.resume();
      cleanups.push(() => releaseInput(io.stdin, onInput, onInputEnd));
    }
  });
}
