// Streams an uncompressed layer tar into `tscontain-helper apply-layer`, which
// unpacks it into a new directory in overlay form (Node cannot mknod or setxattr).
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import type { Readable, Duplex } from 'node:stream';
import { AbortedError } from '../errors.js';
import { locateHelper } from './locate.js';
import { helperFailure } from './helper-error.js';

export interface ApplyLayerOptions {
  store: string;
  /** Directory to create; its parent must exist inside the store. */
  target: string;
  signal?: AbortSignal;
  /** The helper to run (a worker thread is told it; default: locateHelper()). */
  helper?: string;
}

/** What happened, before it is judged: a worker thread sends this to the main thread. */
export interface ApplyOutcome {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stderr: string;
  /** The stream pipeline's failure, if any. */
  streamError: unknown;
}

/** `stages` is the source followed by transforms; together they yield the tar. */
export async function applyLayer(stages: [Readable, ...Duplex[]], opts: ApplyLayerOptions): Promise<void> {
  judgeApply(await runApplyLayer(stages, opts), opts.signal);
}

export async function runApplyLayer(stages: [Readable, ...Duplex[]], opts: ApplyLayerOptions): Promise<ApplyOutcome> {
  const child = spawn(opts.helper ?? locateHelper(), ['apply-layer', '--store', opts.store, '--target', opts.target], {
    stdio: ['pipe', 'ignore', 'pipe'],
    signal: opts.signal,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;

  let streamError: unknown;
  try {
    await pipeline([...stages, child.stdin], { signal: opts.signal });
  } catch (err) {
    streamError = err;
    // The helper may have stopped reading because it rejected the layer;
    // its exit status says why, so stop it and prefer its report.
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const { code, signal } = await exited;
  return { exitCode: code, exitSignal: signal, stderr, streamError };
}

/** Throws what the outcome means; returns when the layer was applied. */
export function judgeApply(outcome: ApplyOutcome, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
  const { exitCode, exitSignal, stderr, streamError } = outcome;
  if (exitCode === 0 && streamError === undefined) return;
  // A failing source (bad digest, lost connection) explains more than the
  // helper's complaint about the stream it cut short.
  if (streamError !== undefined && !isPipeBreak(streamError)) throw streamError;
  throw helperFailure('apply-layer', exitCode, exitSignal, stderr);
}

function isPipeBreak(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
