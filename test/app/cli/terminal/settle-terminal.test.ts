// settleTerminal against a stand-in terminal that answers cursor and
// device-attribute queries the way xterm does, or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleTerminal } from '../../../../app/cli/terminal/settle-terminal.js';
import { fakeIO } from '../../../engine/containers/attach-term-io.js';

/** A fake terminal with its cursor at `column`, answering queries after `before` stale input bytes. */
function answeringTerminal(column: number | undefined, before = '') {
  const io = fakeIO(true);
  const write = io.stdout.write.bind(io.stdout);
  io.stdout.write = ((chunk: string, ...rest: never[]) => {
    if (column !== undefined && chunk.includes('\u001b[6n\u001b[c')) {
      // Split across reads, as a slow line may deliver it.
      setImmediate(() => io.stdin.write(`${before}\u001b[7;${column}R\u001b[?1;`));
      setImmediate(() => setImmediate(() => io.stdin.write('2c')));
    }
    return write(chunk, ...rest);
  }) as typeof io.stdout.write;
  return io;
}

test('a cursor mid-line is moved to a fresh line, and stale replies and keys before the answer are dropped', async () => {
  // A line editor's own cursor query answered late, then a key typed during the handover.
  const io = answeringTerminal(5, '\u001b[3;5Rq');
  const seen: string[] = [];
  const result = await settleTerminal(io);
  // Anything typed from now on is the next reader's.
  io.stdin.on('data', (d: Buffer) => seen.push(d.toString())).resume();
  io.stdin.write('j');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(result, { column: 5 }, 'the column is ours, not the stale report\'s');
  assert.ok(io.stdout.text.endsWith('\r\n'), JSON.stringify(io.stdout.text));
  assert.deepEqual(seen, ['j']);
  assert.deepEqual(io.stdin.rawModes, [true, false], 'raw while asking, then as before');
  assert.equal(io.stdin.listenerCount('data'), 1, 'only the next reader listens');
});

test('a cursor at the start of a line stays where it is', async () => {
  const io = answeringTerminal(1);
  assert.deepEqual(await settleTerminal(io), { column: 1 });
  assert.equal(io.stdout.text, '\u001b[6n\u001b[c');
});

test('a terminal that never answers costs the timeout, and the cursor still moves to a fresh line', async () => {
  const io = answeringTerminal(undefined);
  assert.deepEqual(await settleTerminal(io, 50), { column: undefined });
  assert.ok(io.stdout.text.endsWith('\r\n'));
  assert.deepEqual(io.stdin.rawModes, [true, false]);
  assert.equal(io.stdin.listenerCount('data'), 0);
});

test('not a terminal: nothing is asked', async () => {
  const io = fakeIO(false);
  assert.deepEqual(await settleTerminal(io), { column: undefined });
  assert.equal(io.stdout.text, '');
});
