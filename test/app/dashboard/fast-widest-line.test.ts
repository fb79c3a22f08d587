// The bundle's widest-line must measure exactly as the real one does, on the
// characters the dashboard draws and on the ones it hands to string-width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import realWidestLine from 'widest-line';
import widestLine from '../../../app/dashboard/fast-widest-line.js';

const SAMPLES = [
  '', 'plain ascii', '  web   alpine:3.20   running Up 5 seconds …', 'STATUS▼  NAME▲', '↑↓←→ ·',
  '─'.repeat(120), '▁▂▃▄▅▆▇█'.repeat(9), 'two\nlines, the second … longer',
  // Not narrow: wide, zero-width, combining, emoji, escapes and tabs go through string-width.
  '世界 wide', 'e\u0301 combining', 'zero\u200bwidth', '👍 emoji', '🇩🇪 flag', '\u001b[1mbold\u001b[22m …', 'tab\there', 'é latin-1',
];

test('fast widest-line agrees with widest-line on every sample', () => {
  for (const s of SAMPLES) assert.equal(widestLine(s), realWidestLine(s), JSON.stringify(s));
});
