import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSafe } from '../../../app/dashboard/terminal-safe.js';

test('escape sequences a container may write are removed: cursor moves, screen clears, title, clipboard, colours', () => {
  assert.equal(terminalSafe('a\u001b[2Jb\u001b[10;5Hc'), 'abc');
  assert.equal(terminalSafe('\u001b]0;owned\u0007title'), 'title');
  assert.equal(terminalSafe('\u001b]52;c;aGk=\u001b\\clip'), 'clip');
  assert.equal(terminalSafe('\u001b[1;31mred\u001b[0m'), 'red');
  assert.equal(terminalSafe('\u001bPdcs\u001b\\ok\u001bcreset'), 'okreset');
  // An OSC never terminated does not swallow what a later line shows; it ends with the text.
  assert.equal(terminalSafe('x\u001b]8;;http://e'), 'x');
});

test('control characters go, C1 ones too; tabs become spaces to the next 8-column stop; text stays', () => {
  assert.equal(terminalSafe('one\rtwo\bthree\u0007'), 'onetwothree');
  assert.equal(terminalSafe('a\u009b2Jb\u007f'), 'a2Jb');
  assert.equal(terminalSafe('ab\tc\td'), 'ab      c       d');
  assert.equal(terminalSafe('héllo → 世界'), 'héllo → 世界');
});
