// Streams a layer tar (plain, or gzip for the helper to undo) into
// `tscontain-helper apply-layer`, which unpacks it into a new directory in
// overlay form (Node cannot mknod or setxattr) and reports the tar's sha256
// (the diff_id) and size on stderr. It can also keep the blob as it came:
// it writes its input to stdout, a file we opened.
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import type { Readable, Duplex } from 'node:stream';
import { AbortedError, HelperError } from '../errors.js';
import { locateHelper } from './locate.js';
import { helperFailure } from './helper-error.js';

export interface ApplyLayerOptions {
  store: string;
  /** Directory to create; its parent must exist inside the store. */
  target: string;
  signal?: AbortSignal;
  /** What the helper must undo before reading the tar (default: none). */
  compression?: 'none' | 'gzip';
  /** An fd of a new file (opened for writing) to receive a copy of the stream as given. */
  keepInputFd?: number;
}

/** The helper's account of the tar it read. */
export interface AppliedTar {
  diffId: string;
  /** Bytes of the uncompressed tar. */
  size: number;
  /** Directories (relative, '' = root) the layer made opaque; undefined when the helper did not say. */
  opaqueDirs: string[] | undefined;
}

/** What happened, before it is judged. */
interface ApplyOutcome {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stderr: string;
  /** The stream pipeline's failure, if any. */
  streamError: unknown;
  /** The helper's `opaque` lines, decoded; undefined without its `opaque_dirs` count (or past the limit). */
  opaqueDirs?: string[];
}

/** Beyond this many the start path reads xattrs instead (a hostile layer could list millions). */
const MAX_OPAQUE_REPORTED = 100_000;

/** Splits the helper's stderr: `opaque <hex>` lines are collected whole, the rest kept up to 8 KiB. */
class StderrReport {
  text = '';
  private partial = '';
  private readonly opaque: string[] = [];
  private overflow = false;

  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    const m = /^opaque ([0-9a-f]*)$/.exec(line);
    if (m) {
      if (this.opaque.length < MAX_OPAQUE_REPORTED) this.opaque.push(Buffer.from(m[1]!, 'hex').toString('utf8'));
      else this.overflow = true;
    } else if (this.text.length < 8192) {
      this.text += `${line}\n`;
    }
  }

  finish(): { stderr: string; opaqueDirs: string[] | undefined } {
    if (this.partial) this.line(this.partial);
    const count = /^opaque_dirs (\d+)$/m.exec(this.text);
    const complete = count !== null && !this.overflow && Number(count[1]) === this.opaque.length;
    const stderr = this.text.replace(/^opaque_dirs \d+\n/m, '');
    return { stderr, opaqueDirs: complete ? [...new Set(this.opaque)] : undefined };
  }
}

/** `stages` is the source followed by transforms; together they yield the tar. */
export async function applyLayer(stages: [Readable, ...Duplex[]], opts: ApplyLayerOptions): Promise<AppliedTar> {
  return judgeApply(await runApplyLayer(stages, opts), opts.signal);
}

async function runApplyLayer(stages: [Readable, ...Duplex[]], opts: ApplyLayerOptions): Promise<ApplyOutcome> {
  const args = ['apply-layer', '--store', opts.store, '--target', opts.target, '--compression', opts.compression ?? 'none'];
  if (opts.keepInputFd !== undefined) args.push('--keep-blob', 'yes');
  const child = spawn(locateHelper(), args, {
    stdio: ['pipe', opts.keepInputFd ?? 'ignore', 'pipe'],
    signal: opts.signal,
  });
  const stdin = child.stdin!;
  const childStderr = child.stderr!;
  const report = new StderrReport();
  childStderr.setEncoding('utf8');
  childStderr.on('data', (d: string) => report.push(d));
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
    await pipeline([...stages, stdin], { signal: opts.signal });
  } catch (err) {
    streamError = err;
    // The helper may have stopped reading because it rejected the layer;
    // its exit status says why, so stop it and prefer its report.
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const { code, signal } = await exited;
  return { exitCode: code, exitSignal: signal, streamError, ...report.finish() };
}

const REPORT = /^diff_id (sha256:[0-9a-f]{64}) (\d+)$/m;

/** Throws what the outcome means; returns the helper's report when the layer was applied. */
function judgeApply(outcome: ApplyOutcome, signal: AbortSignal | undefined): AppliedTar {
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
  const { exitCode, exitSignal, stderr, streamError, opaqueDirs } = outcome;
  if (exitCode === 0 && streamError === undefined) {
    const report = REPORT.exec(stderr);
    if (!report) throw new HelperError('HELPER_FAILED', `helper apply-layer gave no digest of the layer (stderr ${JSON.stringify(stderr.slice(0, 200))})`);
    return { diffId: report[1]!, size: Number(report[2]), opaqueDirs };
  }
  // A failing source (bad digest, lost connection) explains more than the
  // helper's complaint about the stream it cut short.
  if (streamError !== undefined && !isPipeBreak(streamError)) throw streamError;
  throw helperFailure('apply-layer', exitCode, exitSignal, stderr);
}

function isPipeBreak(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
