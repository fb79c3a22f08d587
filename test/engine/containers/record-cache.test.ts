import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLayout } from '../../../engine/store/layout.js';
import { QUIET_MS, RecordCache } from '../../../engine/containers/record-cache.js';
import { initialState, writeConfig, writeState, type ContainerConfig } from '../../../engine/containers/record.js';

/** An empty store under a temporary directory removed after the test. */
function tempLayout(t: TestContext): StoreLayout {
  const root = mkdtempSync(join(tmpdir(), 'tscontain-records-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return new StoreLayout(root);
}

async function addRecord(layout: StoreLayout, id: string, name: string, created: string, state = initialState()): Promise<void> {
  mkdirSync(join(layout.containersDir, id), { recursive: true });
  await writeConfig(layout, { id, name, created } as ContainerConfig);
  await writeState(layout, id, state);
}

test('RecordCache parses a record again only when its config or state file was replaced', async (t) => {
  const layout = tempLayout(t);
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  await addRecord(layout, a, 'one', '2024-01-01T00:00:00Z');
  await addRecord(layout, b, 'two', '2024-01-02T00:00:00Z');
  const cache = new RecordCache(layout);
  assert.deepEqual((await cache.load()).map((r) => r.config.name), ['two', 'one'], 'newest first');
  assert.equal(cache.reads, 2);
  await cache.load();
  assert.equal(cache.reads, 2, 'nothing changed: nothing read');
  await writeState(layout, a, { ...initialState(), status: 'exited', exitCode: 3 });
  const after = await cache.load();
  assert.equal(cache.reads, 3);
  assert.equal(after.find((r) => r.config.id === a)!.state.exitCode, 3);
  rmSync(join(layout.containersDir, b), { recursive: true });
  assert.deepEqual((await cache.load()).map((r) => r.config.name), ['one']);
});

test('RecordCache trusts a quietly unchanged directory: no file checks, until the directory changes', async (t) => {
  const layout = tempLayout(t);
  const a = 'a'.repeat(64);
  await addRecord(layout, a, 'one', '2024-01-01T00:00:00Z');
  let clock = Date.now();
  const cache = new RecordCache(layout, { now: () => clock });
  await cache.load();
  assert.equal(cache.fullChecks, 1);
  await cache.load();
  assert.equal(cache.fullChecks, 2, 'a directory written just now is not trusted (coarse file times)');
  clock += QUIET_MS + 1000;
  await cache.load();
  assert.equal(cache.fullChecks, 3, 'checked once more, now that its mtime is old');
  await cache.load();
  await cache.load();
  assert.equal(cache.fullChecks, 3, 'quiet: settled by one stat of the directory');
  await writeState(layout, a, { ...initialState(), status: 'exited', exitCode: 7 });
  const after = await cache.load();
  assert.equal(cache.fullChecks, 4, 'a record renamed in changes the directory');
  assert.equal(after[0]!.state.exitCode, 7);
});

test('RecordCache: a quiet running record whose monitor dies is still reconciled to exited', async (t) => {
  const layout = tempLayout(t);
  const a = 'c'.repeat(64);
  const monitor = spawn('sleep', ['60'], { stdio: 'ignore' });
  t.after(() => monitor.kill('SIGKILL'));
  const stat = readFileSync(`/proc/${monitor.pid}/stat`, 'utf8');
  const monitorStart = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  await addRecord(layout, a, 'one', '2024-01-01T00:00:00Z', { ...initialState(), status: 'running', pid: monitor.pid!, monitorPid: monitor.pid!, monitorStart });
  let clock = Date.now() + QUIET_MS + 1000;
  const cache = new RecordCache(layout, { now: () => clock });
  t.after(() => cache.close());
  assert.equal((await cache.load())[0]!.state.status, 'running');
  assert.equal((await cache.load())[0]!.state.status, 'running');
  assert.equal(cache.openFiles, 1, 'the monitor is watched through one open file');
  const checks = cache.fullChecks;
  monitor.kill('SIGKILL');
  await once(monitor, 'exit');
  clock += 1000;
  const after = await cache.load();
  assert.equal(cache.fullChecks, checks, 'the directory did not change');
  assert.equal(after[0]!.state.status, 'exited');
  assert.equal(after[0]!.state.exitCode, 137, 'a monitor gone without exit.json: reported killed');
});
