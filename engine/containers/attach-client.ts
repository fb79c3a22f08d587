// A client of a container monitor's attach.sock: output and the exit code
// come in as events, stdin and resizes go out as frames.
import { EventEmitter } from 'node:events';
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AbortedError, AttachError } from '../errors.js';
import {
  encodeCloseStdin,
  encodeResize,
  encodeStdin,
  FrameDecoder,
  type MonitorFrame,
} from './attach-frames.js';

export type AttachEvent = MonitorFrame;

/** Why the connection ended: the container's exit code, or undefined when the monitor went away without one. */
export interface AttachEnd {
  exitCode: number | undefined;
  /** Set when the connection broke (I/O or protocol error) rather than closing normally. */
  error?: AttachError;
}

// sun_path holds 107 bytes plus the NUL.
const SUN_PATH_MAX = 107;

interface AttachEvents {
  output: [stream: 'stdout' | 'stderr', data: Buffer];
  exit: [code: number];
  end: [end: AttachEnd];
  error: [err: AttachError];
}

export class AttachConnection extends EventEmitter<AttachEvents> {
  private readonly decoder = new FrameDecoder();
  private exitCode: number | undefined;
  private failure: AttachError | undefined;
  private finished = false;
  /** Settles once the socket is closed; never rejects (errors are emitted and end it too). */
  readonly ended: Promise<AttachEnd>;

  private constructor(private readonly socket: net.Socket) {
    super();
    this.ended = new Promise((resolve) => this.once('end', resolve));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A monitor that exits (or is killed) can reset the connection: that is the
      // "closed without an exit frame" case, not a broken client.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
      this.fail(new AttachError('ATTACH_IO', `attach: ${err.message}`, { cause: err }));
    });
    socket.on('close', () => this.finish());
  }

  /** Connects to `<containerDir>/attach.sock`; ATTACH_REFUSED when the container is not running. */
  static async connect(containerDir: string, opts: { signal?: AbortSignal } = {}): Promise<AttachConnection> {
    if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
    const direct = path.join(containerDir, 'attach.sock');
    // Long store paths do not fit sun_path: go through the directory's fd, as the monitor does.
    const dirFd = Buffer.byteLength(direct) > SUN_PATH_MAX ? openDir(containerDir) : undefined;
    const target = dirFd === undefined ? direct : `/proc/self/fd/${dirFd}/attach.sock`;
    try {
      const socket = await connectSocket(target, opts.signal);
      return new AttachConnection(socket);
    } catch (err) {
      throw toAttachError(err, containerDir);
    } finally {
      if (dirFd !== undefined) closeSync(dirFd);
    }
  }

  /** Sends stdin bytes; false when the socket buffer is full (wait for `drain()`). */
  writeStdin(data: Uint8Array): boolean {
    let ok = true;
    for (const frame of encodeStdin(data)) ok = this.send(frame) && ok;
    return ok;
  }

  resize(rows: number, cols: number): void {
    this.send(encodeResize(rows, cols));
  }

  closeStdin(): void {
    this.send(encodeCloseStdin());
  }

  /** Resolves when the socket can take more stdin, or once it has ended. */
  drain(): Promise<void> {
    if (this.finished || !this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.off('end', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.on('end', done);
    });
  }

  /** Stops reading output, e.g. while the terminal cannot keep up. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Disconnects once queued frames are sent (so keys typed just before a detach arrive); the container keeps running. */
  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end(() => this.socket.destroy());
  }

  /** Events from now on (iterate right after connect to miss none); throws on a broken connection. */
  async *[Symbol.asyncIterator](): AsyncGenerator<AttachEvent, AttachEnd> {
    const queue: AttachEvent[] = [];
    let wake: (() => void) | undefined;
    const push = (event: AttachEvent): void => {
      queue.push(event);
      wake?.();
    };
    const onOutput = (stream: 'stdout' | 'stderr', data: Buffer): void => push({ kind: 'output', stream, data });
    const onExit = (code: number): void => push({ kind: 'exit', code });
    const onError = (): void => wake?.();
    const onEnd = (): void => wake?.();
    this.on('output', onOutput).on('exit', onExit).on('error', onError).on('end', onEnd);
    try {
      for (;;) {
        const event = queue.shift();
        if (event) {
          yield event;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.finished) return { exitCode: this.exitCode };
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      this.off('output', onOutput).off('exit', onExit).off('error', onError).off('end', onEnd);
    }
  }

  private send(frame: Buffer): boolean {
    // After the monitor hung up, input has nowhere to go; the end event reports why.
    if (this.finished || this.socket.destroyed) return true;
    return this.socket.write(frame);
  }

  private onData(chunk: Buffer): void {
    let frames: MonitorFrame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.fail(err as AttachError);
      return;
    }
    for (const frame of frames) {
      if (frame.kind === 'exit') {
        this.exitCode = frame.code;
        this.emit('exit', frame.code);
      } else {
        this.emit('output', frame.stream, frame.data);
      }
    }
  }

  private fail(err: AttachError): void {
    this.failure ??= err;
    if (this.listenerCount('error') > 0) this.emit('error', err);
    this.socket.destroy();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.emit('end', this.failure ? { exitCode: this.exitCode, error: this.failure } : { exitCode: this.exitCode });
  }
}

// libuv opens every fd O_CLOEXEC, so a program we spawn never inherits it.
function openDir(dir: string): number {
  try {
    return openSync(dir, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY);
  } catch (err) {
    throw toAttachError(err, dir);
  }
}

function connectSocket(target: string, signal: AbortSignal | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path: target });
    const onAbort = (): void => {
      socket.destroy();
      reject(new AbortedError({ cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}

function toAttachError(err: unknown, containerDir: string): Error {
  if (err instanceof AttachError || err instanceof AbortedError) return err;
  const e = err as NodeJS.ErrnoException;
  const fields = { path: containerDir, syscall: e?.syscall, errno: e?.code };
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED') {
    return new AttachError('ATTACH_REFUSED', 'cannot attach: the container is not running', {
      hint: 'start it first with `tscontain start`',
      cause: err,
      fields,
    });
  }
  return new AttachError('ATTACH_IO', `cannot attach: ${e?.message ?? String(err)}`, { cause: err, fields });
}
