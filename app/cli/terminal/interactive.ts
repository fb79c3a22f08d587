// `exec -it` and friends: run a program (in practice `tscontain-helper exec`)
// wired to the user's terminal, the way `docker exec -it` feels.
import { spawn as spawnChild, type StdioOptions } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import pty from 'node-pty';
import { HelperError } from '../../../engine/errors.js';
import { defaultIO, enterRawMode, followResizes, releaseInput, terminalSize, type TerminalIO } from './terminal-io.js';

export { attachToContainer, type AttachOptions, type AttachResult } from './attach-session.js';

export interface InteractiveExecOptions {
  tty: boolean;
  stdin: boolean;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
  io?: TerminalIO;
}

/** Runs `file args` on the user's terminal and resolves with its exit status (128+N when killed by signal N). */
export async function runInteractiveExec(file: string, args: string[], opts: InteractiveExecOptions): Promise<number> {
  requireExecutable(file);
  const io = opts.io ?? defaultIO();
  return opts.tty ? execInPty(file, args, opts, io) : execWithPipes(file, args, opts, io);
}

// node-pty reports a failed execve only as exit status 1; check first so a missing helper is a clear error.
function requireExecutable(file: string): void {
  if (!file.includes('/')) return;
  try {
    accessSync(file, fsConstants.X_OK);
  } catch (err) {
    throw new HelperError('HELPER_MISSING', `cannot run ${file}: ${(err as Error).message}`, {
      hint: 'build and install it with `make -C helper-c install`',
      cause: err,
      fields: { path: file },
    });
  }
}

function execInPty(file: string, args: string[], opts: InteractiveExecOptions, io: TerminalIO): Promise<number> {
  const env = opts.env ?? process.env;
  const { rows, cols } = terminalSize(io.stdout);
  // encoding null: bytes pass through untouched, so non-UTF-8 output survives.
  const term = pty.spawn(file, args, {
    name: env.TERM ?? 'xterm-256color', rows, cols, cwd: process.cwd(), env, encoding: null,
  });
  // Raw only when we forward input: otherwise the user's Ctrl-C should still stop us.
  const restoreRaw = opts.stdin ? enterRawMode(io.stdin) : () => {};
  const onInput = (chunk: Buffer): void => term.write(chunk);
  // Input that is not a terminal ends; ^D is what EOF looks like to the pty's reader.
  const onInputEnd = (): void => term.write('\x04');
  if (opts.stdin) {
    io.stdin.on('data', onInput);
    io.stdin.once('end', onInputEnd);
    io.stdin.resume();
  }
  let paused = false;
  // A slow terminal pauses the pty, which in turn blocks the program, as a real terminal would.
  const output = term.onData((data: string | Buffer) => {
    if (!io.stdout.write(data) && !paused) {
      paused = true;
      term.pause();
      io.stdout.once('drain', () => { paused = false; term.resume(); });
    }
  });
  const stopResizes = followResizes(io.stdout, (size) => term.resize(size.cols, size.rows));
  // A hangup is what a closed terminal would send; the helper forwards it into the container.
  const onAbort = (): void => term.kill('SIGHUP');
  opts.signal.addEventListener('abort', onAbort, { once: true });
  if (opts.signal.aborted) onAbort();

  return new Promise((resolve) => {
    term.onExit(({ exitCode, signal }) => {
      output.dispose();
      stopResizes();
      opts.signal.removeEventListener('abort', onAbort);
      if (opts.stdin) releaseInput(io.stdin, onInput, onInputEnd);
      restoreRaw();
      resolve(signal ? 128 + signal : exitCode);
    });
  });
}

function execWithPipes(file: string, args: string[], opts: InteractiveExecOptions, io: TerminalIO): Promise<number> {
  // The process's own streams are passed down as they are: no copying, and the program sees EOF exactly when we would.
  const stdio: StdioOptions = [
    !opts.stdin ? 'ignore' : io.stdin === process.stdin ? 'inherit' : 'pipe',
    io.stdout === process.stdout ? 'inherit' : 'pipe',
    io.stderr === process.stderr ? 'inherit' : 'pipe',
  ];
  const child = spawnChild(file, args, { stdio, env: opts.env ?? process.env });
  if (child.stdin) {
    // The program may exit without reading all its input; EPIPE is expected then.
    child.stdin.on('error', () => {});
    io.stdin.pipe(child.stdin);
  }
  child.stdout?.pipe(io.stdout, { end: false });
  child.stderr?.pipe(io.stderr, { end: false });
  const onAbort = (): void => { child.kill('SIGTERM'); };
  opts.signal.addEventListener('abort', onAbort, { once: true });
  if (opts.signal.aborted) onAbort();

  return new Promise((resolve, reject) => {
    const finish = (): void => {
      opts.signal.removeEventListener('abort', onAbort);
      if (child.stdin) {
        io.stdin.unpipe(child.stdin);
        io.stdin.pause();
      }
    };
    child.once('error', (err) => {
      finish();
      reject(new HelperError('HELPER_FAILED', `cannot run ${file}: ${err.message}`, { cause: err, fields: { path: file } }));
    });
    child.once('close', (code, signal) => {
      finish();
      resolve(code ?? 128 + (signal ? osConstants.signals[signal] : 0));
    });
  });
}
