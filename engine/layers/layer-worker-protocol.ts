// Messages between the main thread and a layer worker (layer-worker.ts), and
// errors flattened to cross the thread boundary and revived on the other side.
import { AbortedError, HelperError, StoreError, TscontainError, type ErrorFields } from '../errors.js';
import type { LayerCompression } from '../registry/media-types.js';

export interface WorkerJob {
  helper: string;
  store: string;
  /** The scratch layer directory the helper creates. */
  target: string;
  compression: LayerCompression;
  /** Where to keep a copy of the compressed bytes, if anywhere. */
  keepCompressedAt: string | undefined;
}

export type ToWorker =
  | { type: 'start'; job: WorkerJob }
  /** Compressed bytes; `buf` is transferred, not copied. */
  | { type: 'chunk'; buf: ArrayBuffer; length: number }
  | { type: 'end' }
  | { type: 'abort' };

export type FromWorker =
  /** The worker took `bytes` more into its pipeline: the sender may send that much more. */
  | { type: 'ack'; bytes: number }
  | {
      type: 'result';
      exitCode: number | null;
      exitSignal: NodeJS.Signals | null;
      stderr: string;
      streamError: WireError | undefined;
      diffId: string;
      size: number;
      keptBytes: number;
    };

export interface WireError {
  name: string;
  message: string;
  code?: string | undefined;
  hint?: string | undefined;
  fields?: ErrorFields | undefined;
}

export function toWire(err: unknown): WireError {
  if (err instanceof TscontainError) return { name: err.name, message: err.message, code: err.code, hint: err.hint, fields: err.fields };
  const e = err as NodeJS.ErrnoException;
  return { name: e?.name ?? 'Error', message: e?.message ?? String(err), code: e?.code };
}

// The classes a layer pipeline in a worker can throw (tee writes, the helper).
const REVIVABLE: Record<string, new (...args: never[]) => TscontainError> = { StoreError, HelperError, AbortedError, TscontainError };

export function fromWire(w: WireError): Error {
  const cls = REVIVABLE[w.name];
  if (cls && w.code !== undefined) {
    // The class's prototype without its constructor's checks: the fields are already made.
    const err = Object.create(cls.prototype) as TscontainError;
    const own = { message: w.message, name: w.name, code: w.code, hint: w.hint, fields: w.fields ?? {} };
    for (const [key, value] of Object.entries(own)) Object.defineProperty(err, key, { value, writable: true, configurable: true });
    Error.captureStackTrace(err, fromWire);
    return err;
  }
  // zlib and stream failures: keep the message and the code callers look at.
  return Object.assign(new Error(w.message), { name: w.name, code: w.code });
}
