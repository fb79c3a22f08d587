// Runs in a worker thread: one layer at a time, the CPU-heavy part of the
// apply path (copy of the compressed blob, decompression, the diff_id's
// sha256, writes into the helper's stdin), so the main thread only receives
// and verifies the download. Bytes arrive as transferred ArrayBuffers; an
// ack returns credit to the sender once the pipeline has taken them in.
import { parentPort } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { runApplyLayer, type ApplyOutcome } from '../helper/apply-layer.js';
import { BlobTee } from '../pull/blob-tee.js';
import { DiffIdTap, decompressor } from './decompress.js';
import { toWire, type FromWorker, type ToWorker, type WorkerJob } from './layer-worker-protocol.js';

const port = parentPort!;
const post = (msg: FromWorker): void => port.postMessage(msg);

/** The compressed bytes as a stream; acks what it has taken once it has room. */
class PortSource extends Readable {
  private owed = 0;
  receive(buf: ArrayBuffer, length: number): void {
    const room = this.push(Buffer.from(buf, 0, length));
    this.owed += length;
    if (room) this.settle();
  }
  override _read(): void {
    this.settle();
  }
  private settle(): void {
    if (this.owed === 0) return;
    post({ type: 'ack', bytes: this.owed });
    this.owed = 0;
  }
}

let current: { source: PortSource; controller: AbortController } | undefined;

async function run(job: WorkerJob): Promise<void> {
  const source = new PortSource({ highWaterMark: 4 << 20 });
  const controller = new AbortController();
  current = { source, controller };
  const tap = new DiffIdTap();
  const tee = job.keepCompressedAt === undefined ? undefined : new BlobTee(job.keepCompressedAt);
  const stages = tee ? [tee, decompressor(job.compression), tap] : [decompressor(job.compression), tap];
  let outcome: ApplyOutcome;
  try {
    outcome = await runApplyLayer([source, ...stages], { store: job.store, target: job.target, helper: job.helper, signal: controller.signal });
  } catch (err) {
    // The helper did not start (missing, not executable).
    outcome = { exitCode: null, exitSignal: null, stderr: '', streamError: err };
  }
  if (tee) {
    try {
      if (outcome.exitCode === 0 && outcome.streamError === undefined) await tee.finish();
    } catch (err) {
      outcome = { ...outcome, streamError: err };
    } finally {
      await tee.discard();
    }
  }
  current = undefined;
  post({
    type: 'result',
    exitCode: outcome.exitCode,
    exitSignal: outcome.exitSignal,
    stderr: outcome.stderr,
    streamError: outcome.streamError === undefined ? undefined : toWire(outcome.streamError),
    diffId: tap.digest(),
    size: tap.bytes,
    keptBytes: tee?.bytes ?? 0,
  });
}

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'start':
      void run(msg.job);
      break;
    case 'chunk':
      current?.source.receive(msg.buf, msg.length);
      break;
    case 'end':
      current?.source.push(null);
      break;
    case 'abort':
      current?.controller.abort();
      break;
  }
});
