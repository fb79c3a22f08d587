import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMouseReport, mouseAction, parseMouse } from '../../../app/dashboard/mouse.js';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState, type DashboardState } from '../../../app/dashboard/state/dashboard-state.js';
import { openLogs } from '../../../app/dashboard/state/logs-state.js';
import { container } from './support.js';

const names = ['a', 'b', 'c', 'd', 'e'];
const base = (): DashboardState => reducer(initialState(), { type: 'containers', rows: names.map((n) => container(n)) });

test('parseMouse reads SGR reports: left press, wheel; releases and other buttons are ignored', () => {
  assert.deepEqual(parseMouse('\u001b[<0;10;5M\u001b[<0;10;5m'), [{ kind: 'click', column: 10, row: 5 }]);
  assert.deepEqual(parseMouse('\u001b[<64;1;1M\u001b[<65;1;2M'), [{ kind: 'wheelUp', column: 1, row: 1 }, { kind: 'wheelDown', column: 1, row: 2 }]);
  assert.deepEqual(parseMouse('\u001b[<2;3;4M'), [], 'the right button');
  assert.deepEqual(parseMouse('\u001b[<16;3;4M'), [{ kind: 'click', column: 3, row: 4 }], 'Ctrl-click is a click');
  assert.deepEqual(parseMouse('jk'), []);
  assert.equal(isMouseReport('[<0;10;5M'), true);
  assert.equal(isMouseReport('j'), false);
});

test('a click selects the row under it, counting the scroll; the wheel moves; clicks above the table do nothing', () => {
  const s = base();
  const click = (row: number, start = 0) => mouseAction(s, { kind: 'click', column: 5, row }, start);
  assert.deepEqual(click(3), { type: 'selectIndex', index: 0 });
  assert.deepEqual(click(5, 2), { type: 'selectIndex', index: 4 });
  assert.equal(click(2), undefined);
  const picked = reducer(s, click(4)!);
  assert.equal(picked.containers.find((c) => c.id === picked.lists.containers.selectedId)!.name, names[1]);
  assert.equal(reducer(s, click(30)!), s, 'below the last row: nothing');
  assert.deepEqual(mouseAction(s, { kind: 'wheelDown', column: 1, row: 1 }, 0), { type: 'move', delta: 3 });
  const logs = { ...s, mode: 'logs' as const, logs: openLogs('x', 'a') };
  assert.deepEqual(mouseAction(logs, { kind: 'wheelUp', column: 1, row: 1 }, 0), { type: 'logsScroll', delta: -3 });
  assert.equal(mouseAction({ ...s, mode: 'help' }, { kind: 'click', column: 1, row: 4 }, 0), undefined);
});

test('m toggles the mouse, off by default', () => {
  const s = base();
  assert.equal(s.mouse, false);
  assert.equal(reducer(s, { type: 'mouseToggle' }).mouse, true);
});
