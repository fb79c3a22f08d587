import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bottomLine, defaultSavePath, findMatch, lineText, LOG_LINES_KEPT, logsReducer, openLogs, type LogsAction, type LogsState,
} from '../../../app/dashboard/state/logs-state.js';
import { highlightPieces, logWindow, wrapRows } from '../../../app/dashboard/log-window.js';
import type { LogLine } from '../../../app/dashboard/engine-port.js';

const line = (text: string, i = 0): LogLine => ({ time: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000000000Z`, stream: 'stdout', text });
const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => line(`${prefix} ${i}`, i));
const apply = (s: LogsState, ...actions: LogsAction[]) => actions.reduce(logsReducer, s);
const opened = (n = 30) => apply(openLogs('id', 'web'), { type: 'logsAppend', lines: lines(n) });

test('follow keeps the newest line at the bottom as lines stream in', () => {
  let s = opened(30);
  assert.equal(s.loaded, true);
  assert.equal(bottomLine(s), 29);
  s = apply(s, { type: 'logsAppend', lines: [line('new')] });
  assert.equal(bottomLine(s), 30);
  assert.equal(s.lines.at(-1)!.text, 'new');
});

test('an empty first batch still marks the view loaded; logsEnded marks it stopped', () => {
  const s = apply(openLogs('id', 'web'), { type: 'logsAppend', lines: [] });
  assert.equal(s.loaded, true);
  assert.equal(apply(s, { type: 'logsEnded' }).ended, true);
});

test('scrolling up pauses following; new lines then do not move the view; scrolling to the end resumes', () => {
  let s = apply(opened(30), { type: 'logsScroll', delta: -5 });
  assert.equal(s.follow, false);
  assert.equal(bottomLine(s), 24);
  s = apply(s, { type: 'logsAppend', lines: [line('new')] });
  assert.equal(bottomLine(s), 24);
  s = apply(s, { type: 'logsScroll', delta: 100 });
  assert.equal(s.follow, true);
  assert.equal(bottomLine(s), 30);
  assert.equal(bottomLine(apply(s, { type: 'logsScrollTo', where: 'top' })), 0);
  assert.equal(apply(s, { type: 'logsScrollTo', where: 'top' }, { type: 'logsScrollTo', where: 'bottom' }).follow, true);
});

test('f toggles follow, t timestamps, w wrap', () => {
  const s = opened();
  assert.equal(apply(s, { type: 'logsToggle', what: 'follow' }).follow, false);
  assert.equal(apply(s, { type: 'logsToggle', what: 'follow' }, { type: 'logsToggle', what: 'follow' }).follow, true);
  assert.equal(apply(s, { type: 'logsToggle', what: 'timestamps' }).timestamps, true);
  assert.equal(apply(s, { type: 'logsToggle', what: 'wrap' }).wrap, true);
  assert.equal(lineText(line('hi', 5), true), '2024-01-01T00:00:05.000000000Z hi');
  assert.equal(lineText(line('hi', 5), false), 'hi');
});

test('search finds the match nearest the bottom; n and N walk the matches, wrapping around', () => {
  const base = apply(openLogs('id', 'web'), { type: 'logsAppend', lines: ['a ERROR', 'b', 'c error x', 'd', 'e'].map((t) => line(t)) });
  let s = apply(base, { type: 'logsSearch', text: 'error' });
  assert.equal(s.match, 2, 'case-insensitive, nearest above the bottom');
  assert.equal(s.search, 'error');
  assert.equal(s.follow, false);
  s = apply(s, { type: 'logsFind', direction: 1 });
  assert.equal(s.match, 0, 'wraps around');
  s = apply(s, { type: 'logsFind', direction: -1 });
  assert.equal(s.match, 2);
  assert.equal(apply(base, { type: 'logsSearch', text: 'nothing' }).match, undefined);
  assert.equal(findMatch(base.lines, 'b', 0, 1), 1);
  assert.equal(apply(s, { type: 'logsSearch', text: '' }).search, '');
});

test('old lines are dropped past LOG_LINES_KEPT and indexes follow', () => {
  let s = apply(opened(LOG_LINES_KEPT), { type: 'logsSearch', text: 'line 4999' });
  assert.equal(s.match, 4999);
  s = apply(s, { type: 'logsAppend', lines: lines(10, 'more') });
  assert.equal(s.lines.length, LOG_LINES_KEPT);
  assert.equal(s.dropped, 10);
  assert.equal(s.match, 4989);
  assert.equal(s.lines[s.match!]!.text, 'line 4999');
});

test('the save prompt opens with ./<name>.log and closes', () => {
  assert.equal(defaultSavePath('web'), './web.log');
  assert.equal(defaultSavePath('a/../b'), './a_.._b.log');
  const s = apply(opened(), { type: 'logsSavePrompt', text: './web.log' });
  assert.equal(s.savePath, './web.log');
  assert.equal(apply(s, { type: 'logsSavePrompt', text: undefined }).savePath, undefined);
});

test('the log window fills bottom up, wrapping long lines and cutting the top one', () => {
  assert.deepEqual(wrapRows('abcdefg', 3), ['abc', 'def', 'g']);
  const texts = ['one', 'abcdefgh', 'two'];
  assert.deepEqual(logWindow(texts, 2, 2, 3, false), [{ index: 1, rows: ['abcdefgh'] }, { index: 2, rows: ['two'] }]);
  assert.deepEqual(logWindow(texts, 2, 3, 3, true), [{ index: 1, rows: ['def', 'gh'] }, { index: 2, rows: ['two'] }]);
  assert.deepEqual(logWindow(texts, 0, 4, 3, true), [{ index: 0, rows: ['one'] }, { index: 1, rows: ['abc', 'def', 'gh'] }],
    'near the top the window fills with the lines after');
});

test('matches are cut out for highlighting, case-insensitively', () => {
  assert.deepEqual(highlightPieces('an Error and error', 'error'), [
    { text: 'an ', match: false }, { text: 'Error', match: true }, { text: ' and ', match: false }, { text: 'error', match: true },
  ]);
  assert.deepEqual(highlightPieces('x', ''), [{ text: 'x', match: false }]);
});
