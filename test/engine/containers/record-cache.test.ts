import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLayout } from '../../../engine/store/layout.js';
import { RecordCache } from '../../../engine/containers/record-cache.js';
import { initialState, writeConfig, writeState, type ContainerConfig } from '../../../engine/containers/record.js';

function config(id: string, name: string, created: string): ContainerConfig {
  return { id, name, created } as ContainerConfig;
}

test('RecordCache parses a record again only when its config or state file was replaced', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tscontain-records-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const layout = new StoreLayout(root);
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  for (const [id, name, created] of [[a, 'one', '2024-01-01T00:00:00Z'], [b, 'two', '2024-01-02T00:00:00Z']] as const) {
    mkdirSync(join(layout.containersDir, id), { recursive: true });
    await writeConfig(layout, config(id, name, created));
    await writeState(layout, id, initialState());
  }
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
