// The bundle's stand-ins for Ink's measure-text and wrap-text: the same
// results as Ink's own, and a cache that stays bounded however many distinct
// texts go through it (Ink 7's never drops one: ink#986).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../../app/dashboard/ink-caches/bounded-cache.js';
import measureText from '../../../app/dashboard/ink-caches/measure-text.js';
import wrapText from '../../../app/dashboard/ink-caches/wrap-text.js';

// Ink's own modules, by file: its package exports only its entry point.
const inkBuild = new URL('../../../../node_modules/ink/build/', import.meta.url);
const inkMeasure = (await import(new URL('measure-text.js', inkBuild).href)).default as typeof measureText;
const inkWrap = (await import(new URL('wrap-text.js', inkBuild).href)).default as typeof wrapText;

const TEXTS = ['', 'one line', 'two\nlines here', 'cut me … please', '\u001b[1mbold\u001b[22m words that wrap around', '世界 wide text', 'tab\tand ▁▂▃'];
const MODES = ['wrap', 'hard', 'truncate', 'truncate-end', 'truncate-middle', 'truncate-start'] as const;

test('measure-text and wrap-text give what Ink\'s own give', () => {
  for (const text of TEXTS) {
    assert.deepEqual(measureText(text), inkMeasure(text), JSON.stringify(text));
    for (const mode of MODES) for (const width of [1, 4, 9, 40]) {
      assert.equal(wrapText(text, width, mode), inkWrap(text, width, mode), `${JSON.stringify(text)} ${mode} ${width}`);
    }
  }
});

test('a bounded cache keeps at most its limit, and the newest entries', () => {
  const cache = new BoundedCache<number>(100);
  for (let i = 0; i < 10_000; i++) cache.set(`text ${i}`, i);
  assert.ok(cache.size <= 100, String(cache.size));
  assert.equal(cache.get('text 9999'), 9999);
  assert.equal(cache.get('text 0'), undefined);
  // After many evictions it still measures right.
  for (let i = 0; i < 20_000; i++) measureText(`row ${i} …`);
  assert.deepEqual(measureText('row 3 …'), { width: 7, height: 1 });
});
