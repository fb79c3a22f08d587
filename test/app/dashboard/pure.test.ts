import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkline } from '../../../app/dashboard/sparkline.js';
import { scrollWindow } from '../../../app/dashboard/scroll-window.js';
import { fitCell, layoutColumns, type Column } from '../../../app/dashboard/columns/column.js';
import { containerColumns } from '../../../app/dashboard/columns/container-columns.js';
import { progressBar } from '../../../app/dashboard/progress-bar.js';
import { dashboardArgs } from '../../../app/dashboard/launch-args.js';
import { containerRowOf, statusText } from '../../../app/dashboard/container-row.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';

test('sparkline scales to the maximum and right-aligns short histories', () => {
  assert.equal(sparkline([0, 50, 100], 3, 100), '▁▅█');
  assert.equal(sparkline([1, 2], 4), '  ▅█');
  assert.equal(sparkline([5, 6, 7, 8], 2, 8), '▇█');
  assert.equal(sparkline([], 3), '   ');
  assert.equal(sparkline([0, 0], 2), '▁▁');
});

test('scrollWindow scrolls only as far as needed', () => {
  assert.equal(scrollWindow(0, 0, 5, 3), 0);
  assert.equal(scrollWindow(0, 4, 5, 20), 0);
  assert.equal(scrollWindow(0, 5, 5, 20), 1);
  assert.equal(scrollWindow(10, 12, 5, 20), 10);
  assert.equal(scrollWindow(10, 3, 5, 20), 3);
  assert.equal(scrollWindow(18, 19, 5, 20), 15);
  assert.equal(scrollWindow(15, 5, 5, 6), 1);
});

test('fitCell pads, aligns and truncates with an ellipsis', () => {
  assert.equal(fitCell('abc', 5), 'abc  ');
  assert.equal(fitCell('abc', 5, 'right'), '  abc');
  assert.equal(fitCell('abcdef', 4), 'abc…');
  assert.equal(fitCell('abc', 0), '');
});

test('layoutColumns fills the width and drops optional columns when narrow', () => {
  const wide = layoutColumns(containerColumns, 160);
  assert.equal(wide.reduce((s, c) => s + c.width, 0) + wide.length - 1, 160);
  assert.ok(wide.some((c) => c.column.key === 'ports'));
  const narrow = layoutColumns(containerColumns, 78);
  assert.ok(narrow.reduce((s, c) => s + c.width, 0) + narrow.length - 1 <= 78);
  // NET RX/TX goes first, then STATE (STATUS says it too): PORTS stay at 80 columns.
  assert.deepEqual(narrow.map((c) => c.column.key), ['name', 'image', 'created', 'cpu', 'mem', 'pids', 'ports']);
  const cols: Column<string>[] = [{ key: 'a', title: 'A', width: 3, cell: (r) => r }];
  assert.equal(layoutColumns(cols, 10)[0]!.width, 3);
});

test('progressBar', () => {
  assert.equal(progressBar(0.5, 4), '██░░');
  assert.equal(progressBar(2, 2), '██');
  assert.equal(progressBar(Number.NaN, 2), '░░');
});

test('dashboardArgs: only global options mean the dashboard', () => {
  assert.deepEqual(dashboardArgs([]), {});
  assert.deepEqual(dashboardArgs(['--root', '/x', '-D']), { root: '/x' });
  assert.deepEqual(dashboardArgs(['--root=/x', '--config', '/c.json']), { root: '/x', configFile: '/c.json' });
  assert.equal(dashboardArgs(['ps']), undefined);
  assert.equal(dashboardArgs(['--help']), undefined);
  assert.equal(dashboardArgs(['--version']), undefined);
  assert.equal(dashboardArgs(['--root']), undefined);
});

test('containerRowOf: a running record marked paused is the paused state', () => {
  const record = {
    config: { id: 'a'.repeat(64), name: 'web', imageName: 'alpine', created: '2024-01-01T00:00:00Z' },
    state: { status: 'running', paused: true, startedAt: '2024-01-01T00:55:00Z', finishedAt: '', exitCode: 0 },
  } as unknown as ContainerRecord;
  const row = containerRowOf(record, Date.parse('2024-01-01T01:00:00Z'));
  assert.equal(row.state, 'paused');
  assert.equal(row.status, 'Up 5 minutes (Paused)');
  assert.equal(containerRowOf({ ...record, state: { ...record.state, paused: false } }).state, 'running');
});

test('statusText reads like docker ps', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');
  assert.equal(statusText('created', undefined, '', 0, now), 'Created');
  assert.equal(statusText('running', '2024-01-01T00:55:00Z', '', 0, now), 'Up 5 minutes');
  assert.equal(statusText('paused', '2024-01-01T00:55:00Z', '', 0, now), 'Up 5 minutes (Paused)');
  assert.equal(statusText('exited', undefined, '2024-01-01T00:00:00Z', 137, now), 'Exited (137) About an hour ago');
});

test('at 120 columns the containers STATUS column holds Docker\'s "Up About a minute" uncut', async () => {
  const { containerColumns } = await import('../../../app/dashboard/columns/container-columns.js');
  const status = layoutColumns(containerColumns, 118).find((c) => c.column.key === 'created')!;
  assert.ok(status.width >= 'Up About a minute'.length, String(status.width));
});

test('help columns never leave a section title alone at the foot of a column', async () => {
  const { helpColumns, helpLines } = await import('../../../app/dashboard/help-entries.js');
  const lines = helpLines();
  for (const columns of [1, 2, 3]) {
    for (const per of [8, 12, 20, 30]) {
      const split = helpColumns(lines, columns, per);
      assert.ok(split.length <= columns);
      assert.deepEqual(split.flat(), lines, 'every line once, in order');
      for (const column of split.slice(0, -1)) assert.notEqual(column.at(-1)!.keys, undefined, `a title ends a column (${columns}x${per})`);
    }
  }
});
