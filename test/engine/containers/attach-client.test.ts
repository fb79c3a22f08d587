// AttachConnection and attachToContainer against real containers started
// through tscontain-helper (root only): output, stdin, exit codes, resizes,
// detach and re-attach.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AttachConnection, type AttachEvent } from '../../../engine/containers/attach-client.js';
import { AttachError } from '../../../engine/errors.js';
import { attachToContainer } from '../../../app/cli/terminal/interactive.js';
import { alive, Box, boxSkipReason } from './attach-box.js';
import { fakeIO, until } from './attach-term-io.js';

const skip = boxSkipReason();
let box: Box;
before(() => { if (!skip) box = new Box(); });
after(async () => { if (!skip) await box.destroy(); });

const signal = new AbortController().signal;

test('connection: a tty shell reads stdin, follows a resize and reports its exit code', { skip }, async () => {
  const c = box.run(['--tty', '--stdin'], ['/bin/sh']);
  assert.ok(path.join(c.dir, 'attach.sock').length > 107, 'exercises the /proc/self/fd route');
  const conn = await AttachConnection.connect(c.dir);
  let text = '';
  conn.on('output', (stream, data) => { assert.equal(stream, 'stdout'); text += data.toString(); });
  conn.resize(33, 101);
  conn.writeStdin(Buffer.from('stty size; echo $((40+2)); exit 3\r'));
  const end = await conn.ended;
  assert.deepEqual(end, { exitCode: 3 });
  assert.match(text, /33 101/);
  assert.match(text, /\r\n42\r\n/);
  assert.equal(await box.waitExit(c), 3);
});

test('connection: without a tty, stdout and stderr stay apart and closeStdin gives EOF', { skip }, async () => {
  const c = box.run(['--stdin'], ['/bin/sh', '-c', 'cat; echo oops >&2; exit 4']);
  const conn = await AttachConnection.connect(c.dir);
  const events: AttachEvent[] = [];
  const done = (async () => {
    for await (const event of conn) events.push(event);
  })();
  conn.writeStdin(Buffer.from('piped'));
  conn.closeStdin();
  await done;
  const out = (stream: string): string => events
    .filter((e) => e.kind === 'output' && e.stream === stream)
    .map((e) => (e.kind === 'output' ? e.data.toString() : '')).join('');
  assert.equal(out('stdout'), 'piped');
  assert.equal(out('stderr'), 'oops\n');
  assert.deepEqual(events.at(-1), { kind: 'exit', code: 4 });
});

test('connection: a container that is not running is ATTACH_REFUSED', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'attach-none-'));
  try {
    await assert.rejects(AttachConnection.connect(dir), (e: unknown) => e instanceof AttachError && e.code === 'ATTACH_REFUSED');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('connection: the monitor dying closes the attach without an exit code', { skip }, async () => {
  const c = box.run([], ['sleep', '60']);
  const conn = await AttachConnection.connect(c.dir);
  process.kill(c.monitorPid, 'SIGKILL');
  assert.deepEqual(await conn.ended, { exitCode: undefined });
});

test('attachToContainer: tty session with raw mode, output, exit code, terminal restored', { skip }, async () => {
  const c = box.run(['--tty', '--stdin'], ['/bin/sh']);
  const io = fakeIO(true);
  io.stdout.resizeTo(40, 120);
  const session = attachToContainer(c.dir, { tty: true, stdin: true, signal, io });
  await until(() => io.stdin.isRaw, () => 'raw mode');
  io.stdin.write('stty size; echo $((6*7)); exit 3\r');
  assert.deepEqual(await session, { exitCode: 3, detached: false });
  assert.match(io.stdout.text, /40 120/, 'the initial resize reached the container');
  assert.match(io.stdout.text, /\r\n42\r\n/);
  assert.deepEqual(io.stdin.rawModes, [true, false]);
  assert.equal(io.stdin.listenerCount('data'), 0, 'stdin released');
});

test('attachToContainer: resize, Ctrl-p Ctrl-q detaches, the container lives on, re-attach and exit', { skip }, async () => {
  const c = box.run(['--tty', '--stdin'], ['/bin/sh']);
  const io = fakeIO(true);
  const first = attachToContainer(c.dir, { tty: true, stdin: true, signal, io });
  await until(() => io.stdin.isRaw, () => 'raw mode');
  io.stdout.resizeTo(50, 132);
  // Give the resize frame a moment; it is sent before the next stdin frame anyway (same socket).
  io.stdin.write('stty size\r');
  await until(() => io.stdout.text.includes('50 132'), () => io.stdout.text);
  // A Ctrl-p not followed by Ctrl-q is forwarded with the next key: busybox sh reads
  // Ctrl-p as "previous history line", so Ctrl-p Enter runs `stty size` again.
  io.stdin.write('\x10');
  io.stdin.write('\r');
  await until(() => io.stdout.text.split('50 132').length === 3, () => io.stdout.text);
  io.stdin.write('echo $((7*6))\r');
  await until(() => /\r\n42\r\n/.test(io.stdout.text), () => io.stdout.text);
  io.stdin.write('\x10\x11');
  assert.deepEqual(await first, { exitCode: undefined, detached: true });
  assert.deepEqual(io.stdin.rawModes, [true, false]);
  assert.ok(alive(c.monitorPid) && alive(c.pid), 'container still running after detach');

  const again = fakeIO(true);
  const second = attachToContainer(path.join(c.dir, 'attach.sock'), { tty: true, stdin: true, detachKeys: 'ctrl-x', signal, io: again });
  await until(() => again.stdin.isRaw, () => 'raw mode');
  again.stdin.write('echo back-$((1+1)); exit 7\r');
  assert.deepEqual(await second, { exitCode: 7, detached: false });
  assert.match(again.stdout.text, /back-2/);
  assert.equal(await box.waitExit(c), 7);
});

test('attachToContainer: aborting disconnects, restores the terminal and leaves the container running', { skip }, async () => {
  const c = box.run(['--tty', '--stdin'], ['/bin/sh']);
  const io = fakeIO(true);
  const ac = new AbortController();
  const session = attachToContainer(c.dir, { tty: true, stdin: true, signal: ac.signal, io });
  await until(() => io.stdin.isRaw, () => 'raw mode');
  ac.abort();
  await assert.rejects(session, { code: 'ABORTED' });
  assert.equal(io.stdin.isRaw, false);
  assert.ok(alive(c.monitorPid) && alive(c.pid));
});

test('attachToContainer: non-tty stdin is piped and its end closes the container stdin', { skip }, async () => {
  const c = box.run(['--stdin'], ['/bin/sh', '-c', 'cat; echo done >&2; exit 2']);
  const io = fakeIO(false);
  const session = attachToContainer(c.dir, { tty: false, stdin: true, signal, io });
  io.stdin.end('line1\n\x10\x11line2\n');
  assert.deepEqual(await session, { exitCode: 2, detached: false });
  assert.equal(io.stdout.text, 'line1\n\x10\x11line2\n', 'no detach keys without a tty');
  assert.equal(io.stderr.text, 'done\n');
  assert.deepEqual(io.stdin.rawModes, []);
});
