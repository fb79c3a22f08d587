// A small pool of layer worker threads (layer-worker.ts) for one pull: the
// main thread feeds each a layer's compressed bytes, copied into large
// batches that are transferred (the HTTP chunks share buffers, so they
// cannot be handed over themselves), with a bounded window of bytes in
// flight so a slow disk holds the download back instead of filling memory.
import { Worker } from 'node:worker_threads';
import { fromWire, type FromWorker, type ToWorker, type WorkerJob } from './layer-worker-protocol.js';
import type { ApplyOutcome } from '../helper/apply-layer.js';

const BATCH = 1 << 20;
const WINDOW = 8 << 20;
const WORKER_URL = new URL('./layer-worker.js', import.meta.url);

export interface WorkerResult {
  outcome: ApplyOutcome;
  diffId: string;
  size: number;
  keptBytes: number;
}

export class LayerWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all = new Set<Worker>();

  constructor(readonly size: number) {}

  /**
   * Applies one layer in a worker. `source` yields the compressed bytes; if it
   * throws, the worker's pipeline is stopped (its helper killed) before the
   * error is rethrown, so the caller can remove the scratch directory safely.
   */
  async run(job: WorkerJob, source: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined): Promise<WorkerResult> {
    const worker = await this.acquire();
    let credit = WINDOW;
    let wake: (() => void) | undefined;
    let settle!: (r: FromWorker & { type: 'result' }) => void;
    let fail!: (err: unknown) => void;
    const result = new Promise<FromWorker & { type: 'result' }>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    let finished = false;
    const onMessage = (msg: FromWorker) => {
      if (msg.type === 'ack') credit += msg.bytes;
      else {
        finished = true;
        settle(msg);
      }
      wake?.();
    };
    const onError = (err: unknown) => {
      // A worker that crashed is not reused.
      this.all.delete(worker);
      void worker.terminate();
      finished = true;
      fail(err);
      wake?.();
    };
    const send = (msg: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(msg, transfer);
    const abort = () => send({ type: 'abort' });
    worker.on('message', onMessage);
    worker.once('error', onError);
    signal?.addEventListener('abort', abort, { once: true });
    send({ type: 'start', job });

    let sourceError: unknown;
    try {
      let batch = Buffer.allocUnsafeSlow(BATCH);
      let fill = 0;
      const flush = async () => {
        const buf = batch.buffer as ArrayBuffer;
        send({ type: 'chunk', buf, length: fill }, [buf]);
        credit -= fill;
        batch = Buffer.allocUnsafeSlow(BATCH);
        fill = 0;
        while (credit <= 0 && !finished) await new Promise<void>((r) => (wake = r));
      };
      for await (const chunk of source) {
        if (finished) break;
        for (let at = 0; at < chunk.length;) {
          const n = Math.min(chunk.length - at, BATCH - fill);
          batch.set(chunk.subarray(at, at + n), fill);
          fill += n;
          at += n;
          if (fill === BATCH) await flush();
        }
      }
      if (fill > 0 && !finished) await flush();
      send({ type: 'end' });
    } catch (err) {
      sourceError = err;
      abort();
    }
    try {
      const r = await result;
      if (sourceError !== undefined) throw sourceError;
      return {
        outcome: {
          exitCode: r.exitCode,
          exitSignal: r.exitSignal,
          stderr: r.stderr,
          streamError: r.streamError === undefined ? undefined : fromWire(r.streamError),
        },
        diffId: r.diffId,
        size: r.size,
        keptBytes: r.keptBytes,
      };
    } finally {
      signal?.removeEventListener('abort', abort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      this.release(worker);
    }
  }

  /** Stops every worker; call when the pull is over. */
  async close(): Promise<void> {
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private async acquire(): Promise<Worker> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.all.size < this.size) {
      const worker = new Worker(WORKER_URL);
      worker.once('exit', () => this.all.delete(worker));
      this.all.add(worker);
      return worker;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    if (!this.all.has(worker)) return;
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}
