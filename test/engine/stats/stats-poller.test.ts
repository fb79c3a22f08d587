import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelFiles } from '../../../engine/stats/kernel-files.js';
import { NET_EVERY, StatsPoller } from '../../../engine/stats/stats-poller.js';
import { flatKey } from '../../../engine/stats/read-cgroup-stats.js';

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tscontain-poller-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('KernelFiles re-reads an open file from its start, grows its buffer, and closes files of owners gone', (t) => {
  const dir = scratch(t);
  const files = new KernelFiles();
  const a = join(dir, 'a');
  writeFileSync(a, 'one\n');
  assert.equal(files.read('x', a), 'one\n');
  writeFileSync(a, 'two two\n');
  assert.equal(files.read('x', a), 'two two\n', 'the same fd sees the new text');
  const big = 'y'.repeat(40_000);
  writeFileSync(join(dir, 'big'), big);
  assert.equal(files.read('z', join(dir, 'big')), big);
  assert.equal(files.read('x', join(dir, 'missing')), undefined);
  assert.equal(files.openCount, 2);
  files.retain(new Set(['x']));
  assert.equal(files.openCount, 1);
  files.closeAll();
  assert.equal(files.openCount, 0);
});

test('flatKey reads one key of a flat-keyed file', () => {
  const text = 'cache 1\ninactive_file 4096\ntotal_inactive_file 8192\n';
  assert.equal(flatKey(text, 'inactive_file'), 4096);
  assert.equal(flatKey(text, 'total_inactive_file'), 8192);
  assert.equal(flatKey(text, 'cache'), 1);
  assert.equal(flatKey(text, 'absent'), undefined);
  assert.equal(flatKey(undefined, 'cache'), undefined);
});

test('StatsPoller on a v2 tree: shown figures only, CPU% between polls, files closed when a container goes', async (t) => {
  const dir = scratch(t);
  const cg = join(dir, 'c1');
  mkdirSync(cg);
  writeFileSync(join(cg, 'cpu.stat'), 'usage_usec 1000000\nuser_usec 1\n');
  writeFileSync(join(cg, 'memory.current'), '5000\n');
  writeFileSync(join(cg, 'memory.max'), '100000\n');
  writeFileSync(join(cg, 'memory.stat'), 'anon 1\ninactive_file 1000\n');
  writeFileSync(join(cg, 'pids.current'), '3\n');
  writeFileSync(join(cg, 'io.stat'), '8:0 rbytes=999 wbytes=999\n');
  let clock = 0;
  const poller = new StatsPoller(() => ({ version: 2, dirs: [cg], byController: {} }), { now: () => clock });
  const [first] = await poller.poll([{ id: 'c1', pid: undefined }]);
  assert.equal(first!.cpuPercent, 0);
  assert.equal(first!.memoryUsed, 4000);
  assert.equal(first!.pids, 3);
  assert.equal(first!.blockRead, 0, 'block I/O is not read: the dashboard does not show it');
  assert.equal(poller.openFiles, 5);
  clock += 1e9;
  writeFileSync(join(cg, 'cpu.stat'), 'usage_usec 1500000\n');
  const [second] = await poller.poll([{ id: 'c1', pid: undefined }]);
  assert.equal(second!.cpuPercent, 50);
  assert.deepEqual(await poller.poll([]), []);
  assert.equal(poller.openFiles, 0);
  rmSync(cg, { recursive: true });
  assert.deepEqual(await poller.poll([{ id: 'c1', pid: undefined }]), [], 'a cgroup gone gives no sample');
});

test(`StatsPoller reads network counters every ${NET_EVERY} polls and reuses them in between`, async (t) => {
  const dir = scratch(t);
  const cg = join(dir, 'c1');
  mkdirSync(cg);
  writeFileSync(join(cg, 'cpu.stat'), 'usage_usec 1\n');
  const proc = join(dir, 'proc');
  mkdirSync(join(proc, '42', 'net'), { recursive: true });
  const netDev = (rx: number) => writeFileSync(join(proc, '42', 'net', 'dev'),
    `Inter-|   Receive\n face |bytes\n    lo: 5 0 0 0 0 0 0 0 5 0 0 0 0 0 0 0\n  eth0: ${rx} 0 0 0 0 0 0 0 7 0 0 0 0 0 0 0\n`);
  netDev(100);
  const poller = new StatsPoller(() => ({ version: 2, dirs: [cg], byController: {} }), { procRoot: proc });
  const rx = async () => (await poller.poll([{ id: 'c1', pid: 42 }]))[0]!.netRx;
  assert.equal(await rx(), 100);
  netDev(200);
  for (let i = 1; i < NET_EVERY; i++) assert.equal(await rx(), 100, 'the last reading, between readings');
  assert.equal(await rx(), 200, `read again after ${NET_EVERY} polls`);
});
