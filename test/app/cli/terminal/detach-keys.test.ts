// Docker's detach-key syntax and the stdin filter that watches for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETACH_KEYS, DetachMatcher, parseDetachKeys } from '../../../../app/cli/terminal/detach-keys.js';
import { UsageError } from '../../../../engine/errors.js';

const CTRL_P = 0x10;
const CTRL_Q = 0x11;

test('parses Docker detach-key specs', () => {
  assert.deepEqual([...parseDetachKeys(DEFAULT_DETACH_KEYS)], [CTRL_P, CTRL_Q]);
  assert.deepEqual([...parseDetachKeys('CTRL-A,x')], [1, 0x78]);
  assert.deepEqual([...parseDetachKeys('ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_')], [0, 27, 28, 29, 30, 31]);
  assert.deepEqual([...parseDetachKeys('ctrl-z')], [26]);
});

test('refuses unknown keys with a usage error', () => {
  for (const bad of ['', 'ctrl-', 'ctrl-1', 'ctrl-ab', 'alt-x', 'ctrl-p,,ctrl-q', 'é'.repeat(2), '\u0100']) {
    assert.throws(() => parseDetachKeys(bad), UsageError, JSON.stringify(bad));
  }
});

test('Ctrl-p Ctrl-q detaches and forwards what came before', () => {
  const m = new DetachMatcher(parseDetachKeys(DEFAULT_DETACH_KEYS));
  assert.deepEqual(m.scan(Buffer.from([0x61, CTRL_P, CTRL_Q, 0x62])), { forward: Buffer.from('a'), detached: true });
});

test('the sequence is recognised across chunks', () => {
  const m = new DetachMatcher(parseDetachKeys(DEFAULT_DETACH_KEYS));
  assert.deepEqual(m.scan(Buffer.from([0x61, CTRL_P])), { forward: Buffer.from('a'), detached: false }, 'Ctrl-p held back');
  assert.deepEqual(m.scan(Buffer.from([CTRL_Q])), { forward: Buffer.alloc(0), detached: true });
});

test('Ctrl-p followed by another key forwards both bytes', () => {
  const m = new DetachMatcher(parseDetachKeys(DEFAULT_DETACH_KEYS));
  assert.deepEqual(m.scan(Buffer.from([CTRL_P])), { forward: Buffer.alloc(0), detached: false });
  assert.deepEqual(m.scan(Buffer.from('x')), { forward: Buffer.from([CTRL_P, 0x78]), detached: false });
  assert.deepEqual(m.scan(Buffer.from([CTRL_Q])), { forward: Buffer.from([CTRL_Q]), detached: false }, 'a lone Ctrl-q is data');
});

test('Ctrl-p Ctrl-p Ctrl-q forwards one Ctrl-p, then detaches', () => {
  const m = new DetachMatcher(parseDetachKeys(DEFAULT_DETACH_KEYS));
  assert.deepEqual(m.scan(Buffer.from([CTRL_P, CTRL_P, CTRL_Q])), { forward: Buffer.from([CTRL_P]), detached: true });
});

test('custom keys, including a single key and three keys', () => {
  const single = new DetachMatcher(parseDetachKeys('ctrl-x'));
  assert.deepEqual(single.scan(Buffer.from('ab\x18c')), { forward: Buffer.from('ab'), detached: true });
  const three = new DetachMatcher(parseDetachKeys('a,b,c'));
  assert.deepEqual(three.scan(Buffer.from('xabd')), { forward: Buffer.from('xabd'), detached: false });
  assert.deepEqual(three.scan(Buffer.from('ab')), { forward: Buffer.alloc(0), detached: false });
  assert.deepEqual(three.scan(Buffer.from('c')), { forward: Buffer.alloc(0), detached: true });
  const none = new DetachMatcher(Buffer.alloc(0));
  assert.deepEqual(none.scan(Buffer.from([CTRL_P, CTRL_Q])), { forward: Buffer.from([CTRL_P, CTRL_Q]), detached: false });
});
