// The attach.sock framing, byte for byte: split and merged chunks, limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCloseStdin,
  encodeFrame,
  encodeResize,
  encodeStdin,
  FrameDecoder,
  FrameType,
  MAX_PAYLOAD,
} from '../../../engine/containers/attach-frames.js';
import { AttachError } from '../../../engine/errors.js';

function exitFrame(code: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeInt32BE(code, 0);
  return encodeFrame(FrameType.exit, payload);
}

test('encodes type, big-endian length and payload', () => {
  assert.deepEqual(encodeFrame(FrameType.stdout, Buffer.from('hi')), Buffer.from([1, 0, 0, 0, 2, 0x68, 0x69]));
  assert.deepEqual(encodeCloseStdin(), Buffer.from([5, 0, 0, 0, 0]));
  assert.deepEqual(encodeResize(50, 132), Buffer.from([4, 0, 0, 0, 4, 0, 50, 0, 132]));
  assert.deepEqual(encodeResize(-3, 1e6), Buffer.from([4, 0, 0, 0, 4, 0, 0, 0xff, 0xff]), 'clamped to u16');
});

test('stdin is split into frames of at most 64 KiB', () => {
  const data = Buffer.alloc(MAX_PAYLOAD * 2 + 10, 7);
  const frames = encodeStdin(data);
  assert.deepEqual(frames.map((f) => f.readUInt32BE(1)), [MAX_PAYLOAD, MAX_PAYLOAD, 10]);
  assert.ok(frames.every((f) => f[0] === FrameType.stdin));
  assert.deepEqual(encodeStdin(Buffer.alloc(0)), []);
  assert.throws(() => encodeFrame(FrameType.stdin, Buffer.alloc(MAX_PAYLOAD + 1)), RangeError);
});

test('decodes several frames from one chunk', () => {
  const d = new FrameDecoder();
  const chunk = Buffer.concat([
    encodeFrame(FrameType.stdout, Buffer.from('out')),
    encodeFrame(FrameType.stderr, Buffer.from('err')),
    encodeFrame(FrameType.stdout, Buffer.alloc(0)),
    exitFrame(-2),
  ]);
  assert.deepEqual(d.push(chunk), [
    { kind: 'output', stream: 'stdout', data: Buffer.from('out') },
    { kind: 'output', stream: 'stderr', data: Buffer.from('err') },
    { kind: 'output', stream: 'stdout', data: Buffer.alloc(0) },
    { kind: 'exit', code: -2 },
  ]);
  assert.equal(d.buffered, 0);
});

test('reassembles frames split at every byte boundary', () => {
  const stream = Buffer.concat([encodeFrame(FrameType.stdout, Buffer.from('hello world')), exitFrame(3)]);
  for (let cut = 0; cut <= stream.length; cut++) {
    const d = new FrameDecoder();
    const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
    assert.deepEqual(frames, [
      { kind: 'output', stream: 'stdout', data: Buffer.from('hello world') },
      { kind: 'exit', code: 3 },
    ], `cut at ${cut}`);
  }
  const d = new FrameDecoder();
  const oneByOne = [...stream].flatMap((byte) => d.push(Buffer.from([byte])));
  assert.equal(oneByOne.length, 2);
});

test('a maximal output frame is accepted, a larger one is a protocol error', () => {
  const d = new FrameDecoder();
  const [frame] = d.push(encodeFrame(FrameType.stdout, Buffer.alloc(MAX_PAYLOAD, 1)));
  assert.equal(frame?.kind === 'output' && frame.data.length, MAX_PAYLOAD);
  const header = Buffer.from([1, 0, 1, 0, 1]);
  assert.throws(() => new FrameDecoder().push(header), (e: unknown) => e instanceof AttachError && e.code === 'ATTACH_PROTOCOL');
});

test('frames the monitor never sends are refused', () => {
  for (const bad of [Buffer.from([0, 0, 0, 0, 0]), Buffer.from([4, 0, 0, 0, 4]), Buffer.from([9, 0, 0, 0, 0]), Buffer.from([3, 0, 0, 0, 2, 0, 0])]) {
    assert.throws(() => new FrameDecoder().push(bad), (e: unknown) => e instanceof AttachError && e.code === 'ATTACH_PROTOCOL', bad.toString('hex'));
  }
});
