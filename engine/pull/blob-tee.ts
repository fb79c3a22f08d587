// Copies the compressed bytes of a layer to a scratch file as they flow to
// the decompressor, so the blob can be kept in blobs/ once its digest has
// been verified (the registry client checks it at the end of the stream).
import { Transform, type TransformCallback } from 'node:stream';
import { open, type FileHandle } from 'node:fs/promises';
import { fromSystemError } from '../errors.js';

export class BlobTee extends Transform {
  private handle: FileHandle | undefined;
  bytes = 0;

  constructor(readonly path: string) {
    super();
  }

  override _construct(done: (err?: Error | null) => void): void {
    open(this.path, 'wx', 0o600).then((h) => {
      this.handle = h;
      done();
    }, (err: unknown) => done(fromSystemError(err, `keeping the layer blob ${this.path}`)));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    // One write at a time: the next chunk waits, which is the backpressure.
    this.handle!.write(chunk).then(() => {
      this.bytes += chunk.length;
      done(null, chunk);
    }, (err: unknown) => done(fromSystemError(err, 'keeping the layer blob')));
  }

  /** Flushes the copy to disk and closes it; call only after the pipeline succeeded. */
  async finish(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    if (!h) return;
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  }

  /** Closes the copy without keeping it (the caller removes the file). */
  async discard(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close().catch(() => undefined);
  }
}
