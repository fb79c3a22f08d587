import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretKey } from '../../../app/dashboard/state/keys.js';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState, type DashboardState } from '../../../app/dashboard/state/dashboard-state.js';
import { container, image, key } from './support.js';

const base = (): DashboardState => reducer(initialState(), { type: 'containers', rows: [container('web'), container('db', 'exited')] });
const press = (s: DashboardState, input: string, k = key()) => {
  const r = interpretKey(s, input, k);
  return { state: r.actions.reduce(reducer, s), effect: r.effect, actions: r.actions };
};

test('navigation keys: j/k, arrows, g/G, Tab, number keys', () => {
  assert.deepEqual(press(base(), 'j').actions, [{ type: 'move', delta: 1 }]);
  assert.deepEqual(press(base(), '', key({ downArrow: true })).actions, [{ type: 'move', delta: 1 }]);
  assert.deepEqual(press(base(), 'k').actions, [{ type: 'move', delta: -1 }]);
  assert.deepEqual(press(base(), '', key({ upArrow: true })).actions, [{ type: 'move', delta: -1 }]);
  assert.deepEqual(press(base(), 'G').actions, [{ type: 'moveTo', where: 'bottom' }]);
  assert.deepEqual(press(base(), 'g').actions, [{ type: 'moveTo', where: 'top' }]);
  assert.equal(press(base(), '', key({ tab: true })).state.view, 'images');
  assert.equal(press(base(), '2').state.view, 'images');
  assert.equal(press(press(base(), '2').state, '1').state.view, 'containers');
});

test('q and Ctrl-c quit; ? opens help and Esc, ? or q close it', () => {
  assert.deepEqual(press(base(), 'q').effect, { type: 'quit' });
  assert.deepEqual(press(base(), 'c', key({ ctrl: true })).effect, { type: 'quit' });
  const help = press(base(), '?').state;
  assert.equal(help.mode, 'help');
  assert.equal(press(help, '', key({ escape: true })).state.mode, 'normal');
  const q = press(help, 'q');
  assert.equal(q.effect, undefined);
  assert.equal(q.state.mode, 'normal');
});

test('/ types a filter; Backspace deletes; letters do not trigger actions while typing', () => {
  let s = press(base(), '/').state;
  for (const ch of 'wq') s = press(s, ch).state;
  assert.equal(s.lists.containers.filter, 'wq');
  assert.equal(s.mode, 'filter');
  s = press(s, '', key({ backspace: true })).state;
  assert.equal(s.lists.containers.filter, 'w');
  s = press(s, '', key({ return: true })).state;
  assert.equal(s.mode, 'normal');
  assert.equal(s.lists.containers.filter, 'w');
  assert.equal(press(s, '', key({ escape: true })).state.lists.containers.filter, '');
});

test('s stops a running container and starts a stopped one', () => {
  const s = base();
  assert.deepEqual(press(s, 's').effect, { type: 'container', verb: 'stop', ids: [s.containers[0]!.id] });
  const onDb = press(s, 'j').state;
  assert.deepEqual(press(onDb, 's').effect, { type: 'container', verb: 'start', ids: [s.containers[1]!.id] });
  assert.deepEqual(press(s, 'r').effect, { type: 'container', verb: 'restart', ids: [s.containers[0]!.id] });
});

test('Ctrl-k and Ctrl-d/D confirm first; y runs, n cancels', () => {
  const s = base();
  const kill = press(s, 'k', key({ ctrl: true }));
  assert.equal(kill.effect, undefined);
  assert.equal(kill.state.mode, 'confirm');
  assert.match(kill.state.confirm!.message, /Kill container web/);
  assert.deepEqual(press(kill.state, 'y').effect, { type: 'container', verb: 'kill', ids: [s.containers[0]!.id] });
  assert.equal(press(kill.state, 'n').state.mode, 'normal');
  assert.equal(press(kill.state, 'n').effect, undefined);
  for (const [input, k] of [['d', key({ ctrl: true })], ['D', key()]] as const) {
    const rm = press(s, input, k);
    assert.equal(rm.state.confirm!.effect.type, 'container');
    assert.deepEqual(press(rm.state, '', key({ return: true })).effect, { type: 'container', verb: 'remove', ids: [s.containers[0]!.id] });
  }
});

test('marked rows are the targets of bulk actions', () => {
  let s = base();
  s = press(press(s, ' ').state, ' ').state;
  const kill = press(s, 'k', key({ ctrl: true })).state;
  assert.match(kill.confirm!.message, /web, db/);
});

test('l opens the logs view; e asks for a shell', () => {
  const s = base();
  const logs = press(s, 'l');
  assert.equal(logs.state.mode, 'logs');
  assert.deepEqual(logs.effect, { type: 'logs', id: s.containers[0]!.id, name: 'web' });
  assert.equal(press(logs.state, '', key({ escape: true })).state.mode, 'normal');
  assert.deepEqual(press(s, 'e').effect, { type: 'exec', id: s.containers[0]!.id });
});

test('an empty list says nothing is selected instead of acting', () => {
  const r = press(initialState(), 's');
  assert.equal(r.effect, undefined);
  assert.equal(r.state.status?.text, 'nothing selected');
});

test('images view: p opens the pull input; Enter pulls; D removes by name after confirming', () => {
  let s = reducer(base(), { type: 'images', rows: [image('alpine')] });
  s = press(s, 'p').state;
  assert.equal(s.mode, 'pull');
  assert.equal(s.view, 'images');
  for (const ch of 'busybox') s = press(s, ch).state;
  const go = press(s, '', key({ return: true }));
  assert.deepEqual(go.effect, { type: 'pull', ref: 'busybox' });
  assert.equal(go.state.pull!.phase, 'pulling');
  assert.deepEqual(press(go.state, '', key({ escape: true })).effect, { type: 'cancelPull' });
  const closed = press(go.state, '', key({ escape: true })).state;
  const rm = press(closed, 'D').state;
  assert.deepEqual(press(rm, 'y').effect, { type: 'removeImages', ids: ['alpine:latest'] });
});

test('z pauses the running targets; with none running it unpauses the paused ones; s stops a paused one', () => {
  const s = reducer(initialState(), {
    type: 'containers', rows: [container('web'), container('cache', 'paused'), container('db', 'exited')],
  });
  const [web, cache, db] = s.containers;
  assert.deepEqual(press(s, 'z').effect, { type: 'container', verb: 'pause', ids: [web!.id] });
  const onCache = press(s, 'j').state;
  assert.deepEqual(press(onCache, 'z').effect, { type: 'container', verb: 'unpause', ids: [cache!.id] });
  assert.deepEqual(press(onCache, 's').effect, { type: 'container', verb: 'stop', ids: [cache!.id] }, 'docker stop works on a paused container');
  // All three marked: only the running one is paused, the verb does not fail on the others.
  let marked = s;
  for (let i = 0; i < 3; i++) marked = press(press(marked, ' ').state, 'j').state;
  assert.deepEqual(press(marked, 'z').effect, { type: 'container', verb: 'pause', ids: [web!.id] });
  const onDb = press(onCache, 'j').state;
  const r = press(onDb, 'z');
  assert.equal(r.effect, undefined, `${db!.name} is not running: nothing to pause`);
  assert.match(r.state.status?.text ?? '', /only a running container can be paused/);
});

test('a burst of keys in one read is taken key by key: moves, a view switch, the logs save prompt; text fields get the same text', async () => {
  const { interpretChunk } = await import('../../../app/dashboard/state/key-chunks.js');
  const apply = (s: DashboardState, input: string) => {
    const r = interpretChunk(s, input, key());
    return { state: r.actions.reduce(reducer, s), effects: r.effects };
  };
  const two = reducer(base(), { type: 'containers', rows: [container('a'), container('b'), container('c')] });
  assert.deepEqual(apply(two, 'jj').state.lists.containers.selectedId, press(press(two, 'j').state, 'j').state.lists.containers.selectedId);
  assert.equal(apply(base(), 'j2').state.view, 'images');
  // Logs: a search, then n and S arriving together.
  let logs = press(base(), 'l').state;
  logs = reducer(reducer(logs, { type: 'logsAppend', lines: [{ time: 't', stream: 'stdout', text: 'x' }] }), { type: 'logsSearch', text: 'x' });
  const saved = apply(logs, 'nS').state;
  assert.equal(saved.logs?.savePath, './web.log');
  // In a text field a burst is text, as typed one by one.
  const filtering = apply(press(base(), '/').state, 'wq').state;
  assert.equal(filtering.lists.containers.filter, 'wq');
  assert.deepEqual(apply(base(), 'lq').effects.map((e) => e.type), ['logs', 'stopLogs']);
});

test('n on the images view opens the run form with the selected image filled in', () => {
  const s = reducer(press(base(), '2').state, { type: 'images', rows: [image('alpine', '3.20')] });
  const form = press(s, 'n').state;
  assert.equal(form.mode, 'run');
  assert.equal(form.runForm?.values.image, 'alpine:3.20');
  assert.equal(form.runForm?.focus, 1, 'the cursor waits on the next field');
  assert.equal(press(base(), 'n').state.runForm?.values.image, '', 'from the containers view the form starts empty');
});
