import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState, type Action, type DashboardState } from '../../../app/dashboard/state/dashboard-state.js';
import { targets, visibleKeys } from '../../../app/dashboard/state/visible-rows.js';
import { recordStats } from '../../../app/dashboard/state/stats-history.js';
import type { ContainerStats } from '../../../app/dashboard/engine-port.js';
import { container, image, stat } from './support.js';

const apply = (state: DashboardState, ...actions: Action[]) => actions.reduce(reducer, state);
const loaded = () => apply(initialState(), { type: 'containers', rows: [container('web'), container('db', 'exited'), container('cache')] });
const selectedName = (s: DashboardState) => s.containers.find((c) => c.id === s.lists.containers.selectedId)?.name;

test('moving clamps to the list and g/G jump to the ends', () => {
  const s = loaded();
  assert.equal(selectedName(apply(s, { type: 'move', delta: 1 })), 'db');
  assert.equal(selectedName(apply(s, { type: 'move', delta: 10 })), 'cache');
  assert.equal(selectedName(apply(s, { type: 'move', delta: -5 })), 'web');
  assert.equal(selectedName(apply(s, { type: 'moveTo', where: 'bottom' })), 'cache');
  assert.equal(selectedName(apply(s, { type: 'moveTo', where: 'bottom' }, { type: 'moveTo', where: 'top' })), 'web');
});

test('the selection follows its row when the order changes', () => {
  let s = loaded();
  assert.equal(selectedName(s), undefined);
  s = apply(s, { type: 'moveTo', where: 'top' });
  while (s.lists.containers.sortKey !== 'name') s = reducer(s, { type: 'sortNext', delta: 1 });
  s = apply(s, { type: 'sortInvert' });
  assert.equal(s.lists.containers.sortDesc, false);
  assert.equal(selectedName(s), 'web');
  assert.equal(visibleKeys(s).indexOf(s.lists.containers.selectedId!), 2);
});

test('identical data returns the same state object, so React does not redraw', () => {
  const s = loaded();
  const again = reducer(s, { type: 'containers', rows: structuredClone(s.containers) });
  assert.equal(again, s);
  const images = reducer(s, { type: 'images', rows: [] });
  assert.equal(images, s);
  const status = apply(s, { type: 'status', text: 'boom', kind: 'error' });
  assert.equal(reducer(status, { type: 'status', text: 'boom', kind: 'error' }), status);
  assert.notEqual(reducer(s, { type: 'containers', rows: [container('web')] }), s);
});

test('filter narrows the rows and Esc clears it; Enter keeps it', () => {
  let s = apply(loaded(), { type: 'filterStart' }, { type: 'filterInput', text: 'CA' });
  assert.equal(s.mode, 'filter');
  assert.deepEqual(visibleKeys(s).length, 1);
  assert.equal(apply(s, { type: 'filterEnd', keep: false }).lists.containers.filter, '');
  s = apply(s, { type: 'filterEnd', keep: true });
  assert.equal(s.mode, 'normal');
  assert.equal(s.lists.containers.filter, 'CA');
});

test('Space marks the row and moves down; targets are the marks, else the selection', () => {
  const s = loaded();
  assert.deepEqual(targets(s), [s.containers[0]!.id]);
  const marked = apply(s, { type: 'toggleMark' }, { type: 'toggleMark' });
  assert.equal(marked.lists.containers.marks.size, 2);
  assert.equal(selectedName(marked), 'cache');
  assert.deepEqual(targets(marked), [s.containers[0]!.id, s.containers[1]!.id]);
  assert.equal(apply(marked, { type: 'clearMarks' }).lists.containers.marks.size, 0);
});

test('sorting by CPU orders by the latest stats, descending by default', () => {
  let s = loaded();
  const [web, , cache] = s.containers;
  const stats = new Map([[web!.id, stat(5)], [cache!.id, stat(80)]]);
  s = apply(s, { type: 'stats', stats, history: new Map() });
  while (s.lists.containers.sortKey !== 'cpu') s = reducer(s, { type: 'sortNext', delta: 1 });
  assert.deepEqual(visibleKeys(s).slice(0, 2), [cache!.id, web!.id]);
  assert.deepEqual(visibleKeys(apply(s, { type: 'sortInvert' })).at(-1), cache!.id);
});

test('the refresh keeps a bounded per-container history and forgets removed containers', () => {
  const web = container('web').id;
  const history = recordStats(new Map(), new Map(), new Set([web]));
  for (let i = 0; i < 200; i++) recordStats(history, new Map([[web, stat(i)]]), new Set([web]));
  assert.equal(history.get(web)!.cpu.length, 180);
  assert.equal(history.get(web)!.cpu.at(-1), 199);
  assert.equal(recordStats(history, new Map(), new Set()).has(web), false);
});

/** Feeds ticks the way the refresh does; the states the reducer returned. */
function ticks(s: DashboardState, samples: ReadonlyMap<string, ContainerStats>[]): DashboardState[] {
  const history = new Map(s.history);
  const live = new Set(s.containers.map((c) => c.id));
  return samples.map((stats) => {
    recordStats(history, stats, live);
    s = reducer(s, { type: 'stats', stats, history });
    return s;
  });
}

test('a stats tick that changes nothing on screen keeps the same state (no re-render)', () => {
  const s = apply(loaded(), { type: 'resize', columns: 100 });
  const [web, , cache] = s.containers;
  // Idle containers: the same figures every second, once the chart is full.
  const idle = () => new Map([[web!.id, stat(0)], [cache!.id, stat(0)]]);
  const states = ticks(s, Array.from({ length: 200 }, idle));
  const last = states.at(-1)!;
  assert.equal(ticks(last, [idle(), idle()]).at(-1), last, 'idle ticks keep the state object');
  // A figure that rounds the same (0.04% shows as 0.0) changes nothing on screen either.
  assert.equal(ticks(last, [new Map([[web!.id, stat(0.04)], [cache!.id, stat(0)]])])[0], last);
  // A visible change does re-render: a CPU figure, or a memory figure of a row that is not selected.
  assert.notEqual(ticks(last, [new Map([[web!.id, stat(3)], [cache!.id, stat(0)]])])[0], last);
  assert.notEqual(ticks(last, [new Map([[web!.id, stat(0)], [cache!.id, stat(0, 99 << 20)]])])[0], last);
});

test('a growing chart of the selected container is a visible change', () => {
  const s = apply(loaded(), { type: 'resize', columns: 100 });
  const web = s.containers[0]!;
  const states = ticks(s, [new Map([[web.id, stat(0)]]), new Map([[web.id, stat(0)]])]);
  assert.notEqual(states[1], states[0], 'one more bar in the sparkline');
  assert.equal(states[1]!.history.get(web.id)!.cpu.length, 2);
});

test('views switch by number and Tab, and lists keep their own state', () => {
  let s = apply(loaded(), { type: 'images', rows: [image('alpine'), image('nginx')] }, { type: 'move', delta: 1 });
  s = apply(s, { type: 'nextView' });
  assert.equal(s.view, 'images');
  s = apply(s, { type: 'move', delta: 1 });
  assert.equal(s.lists.images.selectedId, 'nginx:latest');
  assert.equal(selectedName(s), 'db');
  assert.equal(apply(s, { type: 'nextView' }).view, 'networks');
  assert.equal(apply(s, { type: 'nextView' }, { type: 'nextView' }, { type: 'nextView' }).view, 'containers');
});

test('the pull dialog goes from input to per-layer progress to done', () => {
  let s = apply(initialState(), { type: 'pullOpen' }, { type: 'pullInput', text: 'alpine' }, { type: 'pullStarted', ref: 'alpine' });
  s = apply(s,
    { type: 'pullEvent', event: { type: 'resolved', reference: 'docker.io/library/alpine:latest', manifestDigest: 'sha256:m', indexDigest: undefined, platform: 'linux/amd64', layers: [{ digest: 'sha256:a', size: 100 }, { digest: 'sha256:b', size: 300 }] } },
    { type: 'pullEvent', event: { type: 'layer', digest: 'sha256:b', state: 'downloading', done: 150, total: 300 } });
  assert.equal(s.pull!.phase, 'pulling');
  assert.deepEqual(s.pull!.layers.map((l) => [l.state, l.done]), [['waiting', 0], ['downloading', 150]]);
  s = apply(s, { type: 'pullFinished', error: 'No such image' });
  assert.equal(s.pull!.phase, 'failed');
  assert.equal(apply(s, { type: 'pullClose' }).pull, undefined);
});

test('confirm and logs open and close as modes', () => {
  const c = apply(loaded(), { type: 'confirm', confirm: { message: 'Kill?', effect: { type: 'quit' } } });
  assert.equal(c.mode, 'confirm');
  assert.equal(apply(c, { type: 'confirmClose' }).confirm, undefined);
  const line = { time: '2024-01-01T00:00:00Z', stream: 'stdout' as const, text: 'a' };
  const l = apply(loaded(), { type: 'logsOpen', id: 'x', name: 'web' }, { type: 'logsAppend', lines: [line] });
  assert.deepEqual(l.logs!.lines, [line]);
  assert.equal(apply(l, { type: 'help', open: true }, { type: 'help', open: false }).mode, 'logs', 'help returns to the logs');
  assert.equal(apply(l, { type: 'logsClose' }).mode, 'normal');
});
