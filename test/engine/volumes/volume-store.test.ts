// The volume store on a scratch store: records, idempotent create, in-use
// refusal from container records, prune of anonymous volumes only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLayout } from '../../../engine/store/layout.js';
import { ANONYMOUS_LABEL, ensureVolume, getVolume, listVolumes, volumeDataDir } from '../../../engine/volumes/volume-store.js';
import { createVolume, pruneVolumes, removeAnonymousVolumes, removeVolume } from '../../../engine/volumes/volume-ops.js';
import { TscontainError } from '../../../engine/errors.js';
import type { ContainerConfig } from '../../../engine/containers/record.js';

async function store(): Promise<StoreLayout> {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-volstore-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const layout = new StoreLayout(join(dir, 'root'));
  await layout.ensure();
  return layout;
}

/** A container record naming volumes, as create writes it (only what volume code reads). */
function fakeContainer(layout: StoreLayout, id: string, volumes: string[]): ContainerConfig {
  const config = { id, mounts: volumes.map((v) => ({ type: 'volume', source: v, target: `/${v}`, readOnly: false })) } as unknown as ContainerConfig;
  mkdirSync(join(layout.containersDir, id), { recursive: true });
  writeFileSync(join(layout.containersDir, id, 'config.json'), JSON.stringify(config));
  return config;
}

const code = (c: string, re: RegExp) => (err: unknown) => err instanceof TscontainError && err.code === c && re.test(err.message);

test('create makes volumes/<name>/_data whole, with a Docker-shaped record, and is idempotent', async () => {
  const layout = await store();
  const v = await createVolume(layout, 'data', { team: 'a' });
  assert.deepEqual(Object.keys(v).sort(), ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
  assert.equal(v.Mountpoint, volumeDataDir(layout, 'data'));
  assert.match(v.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(statSync(layout.volumesDir).mode & 0o777, 0o700, 'the helper requires an owner-only volumes dir');
  writeFileSync(join(v.Mountpoint, 'f'), 'x');
  const again = await createVolume(layout, 'data', { other: 'b' });
  assert.deepEqual(again.Labels, { team: 'a' }, 'the existing volume stands');
  assert.ok(existsSync(join(v.Mountpoint, 'f')));
  assert.deepEqual(readdirSync(layout.tmpDir), [], 'no scratch left behind');
  const anon = await createVolume(layout, undefined);
  assert.match(anon.Name, /^[0-9a-f]{64}$/);
  await assert.rejects(createVolume(layout, '../x'), code('VOLUME_INVALID', /invalid characters/));
  await assert.rejects(getVolume(layout, 'nope'), code('VOLUME_NOT_FOUND', /get nope: no such volume/));
});

test('rm refuses a volume a container record names (running or not), -f forgives only a missing one', async () => {
  const layout = await store();
  await createVolume(layout, 'used');
  fakeContainer(layout, 'a'.repeat(64), ['used']);
  await assert.rejects(removeVolume(layout, 'used', false), code('VOLUME_IN_USE', new RegExp(`volume is in use - \\[${'a'.repeat(64)}\\]`)));
  await assert.rejects(removeVolume(layout, 'used', true), code('VOLUME_IN_USE', /in use/));
  await assert.rejects(removeVolume(layout, 'ghost', false), code('VOLUME_NOT_FOUND', /no such volume/));
  await removeVolume(layout, 'ghost', true);
  rmSync(join(layout.containersDir, 'a'.repeat(64)), { recursive: true });
  await removeVolume(layout, 'used', false);
  assert.deepEqual(await listVolumes(layout), []);
});

test('prune removes unused anonymous volumes (all unused with all); rm -v spares shared ones', async () => {
  const layout = await store();
  await ensureVolume(layout, 'named');
  const anonUsed = (await ensureVolume(layout, 'b'.repeat(64), { [ANONYMOUS_LABEL]: '' })).record.Name;
  const anonFree = (await ensureVolume(layout, 'c'.repeat(64), { [ANONYMOUS_LABEL]: '' })).record.Name;
  writeFileSync(join(volumeDataDir(layout, anonFree), 'f'), '12345');
  fakeContainer(layout, 'd'.repeat(64), [anonUsed]);
  const result = await pruneVolumes(layout, false);
  assert.deepEqual(result, { deleted: [anonFree], reclaimed: 5 });
  // A second container sharing it (--volumes-from) keeps it alive through rm -v of the first.
  const first = fakeContainer(layout, 'e'.repeat(64), [anonUsed, 'named']);
  rmSync(join(layout.containersDir, 'e'.repeat(64)), { recursive: true });
  await removeAnonymousVolumes(layout, first);
  assert.deepEqual((await listVolumes(layout)).map((v) => v.Name).sort(), [anonUsed, 'named']);
  rmSync(join(layout.containersDir, 'd'.repeat(64)), { recursive: true });
  await removeAnonymousVolumes(layout, first);
  assert.deepEqual((await listVolumes(layout)).map((v) => v.Name), ['named'], 'named volumes are never removed by rm -v');
  assert.deepEqual((await pruneVolumes(layout, true)).deleted, ['named']);
});
