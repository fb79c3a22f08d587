// The attach.sock wire format (helper-c/README.md, "The monitor and the
// attach protocol"): 1 type byte + 4-byte big-endian length + payload.
// Pure encode/decode so the framing can be tested without a socket.
import { AttachError } from '../errors.js';

export const FrameType = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  exit: 3,
  resize: 4,
  closeStdin: 5,
} as const;

export const HEADER_BYTES = 5;
/** The monitor's buffer holds at most this much payload; it drops clients that send more. */
export const MAX_PAYLOAD = 65536;

export type MonitorFrame =
  | { kind: 'output'; stream: 'stdout' | 'stderr'; data: Buffer }
  | { kind: 'exit'; code: number };

export function encodeFrame(type: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  if (payload.length > MAX_PAYLOAD) {
    throw new RangeError(`attach frame payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt8(type, 0);
  frame.writeUInt32BE(payload.length, 1);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** Stdin bytes as one or more frames, each within the monitor's payload limit. */
export function encodeStdin(data: Uint8Array): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at < data.length; at += MAX_PAYLOAD) {
    frames.push(encodeFrame(FrameType.stdin, data.subarray(at, at + MAX_PAYLOAD)));
  }
  return frames;
}

export function encodeResize(rows: number, cols: number): Buffer {
  const payload = Buffer.alloc(4);
  // A terminal size is a u16 on the wire (struct winsize); clamp instead of wrapping.
  payload.writeUInt16BE(clampU16(rows), 0);
  payload.writeUInt16BE(clampU16(cols), 2);
  return encodeFrame(FrameType.resize, payload);
}

export function encodeCloseStdin(): Buffer {
  return encodeFrame(FrameType.closeStdin);
}

function clampU16(n: number): number {
  return Math.max(0, Math.min(0xffff, Math.trunc(Number.isFinite(n) ? n : 0)));
}

/**
 * Reassembles monitor -> client frames from arbitrary socket chunks. A frame
 * the monitor never sends (unknown type, oversize, bad exit length) is a
 * protocol error: the stream cannot be resynchronised after it.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): MonitorFrame[] {
    if (chunk.length > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    const frames: MonitorFrame[] = [];
    while (this.pendingBytes >= HEADER_BYTES) {
      const header = this.peek(HEADER_BYTES);
      const type = header.readUInt8(0);
      const length = header.readUInt32BE(1);
      validateHeader(type, length);
      if (this.pendingBytes < HEADER_BYTES + length) break;
      const frame = this.take(HEADER_BYTES + length);
      frames.push(toFrame(type, frame.subarray(HEADER_BYTES)));
    }
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get buffered(): number {
    return this.pendingBytes;
  }

  private peek(n: number): Buffer {
    const first = this.pending[0]!;
    if (first.length >= n) return first.subarray(0, n);
    this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const rest = all.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    // Copy so a caller holding a frame does not pin the whole chunk it came from.
    return Buffer.from(all.subarray(0, n));
  }
}

function validateHeader(type: number, length: number): void {
  if (type === FrameType.stdout || type === FrameType.stderr) {
    if (length > MAX_PAYLOAD) {
      throw new AttachError('ATTACH_PROTOCOL', `attach: output frame of ${length} bytes exceeds ${MAX_PAYLOAD}`, {
        fields: { type, length },
      });
    }
    return;
  }
  if (type === FrameType.exit) {
    if (length !== 4) {
      throw new AttachError('ATTACH_PROTOCOL', `attach: exit frame has length ${length}, expected 4`, {
        fields: { type, length },
      });
    }
    return;
  }
  throw new AttachError('ATTACH_PROTOCOL', `attach: unexpected frame type ${type} from the monitor`, {
    fields: { type, length },
  });
}

function toFrame(type: number, payload: Buffer): MonitorFrame {
  if (type === FrameType.exit) return { kind: 'exit', code: payload.readInt32BE(0) };
  return { kind: 'output', stream: type === FrameType.stdout ? 'stdout' : 'stderr', data: payload };
}
