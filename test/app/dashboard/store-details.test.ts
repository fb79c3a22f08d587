// The detail panes' reads from a store on disk: a network's leases with
// addresses and aliases, a volume's users with their targets, an image's
// config, and a volume's size measured one volume at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageDetail, networkDetail, volumeDetail } from '../../../app/dashboard/store-details.js';
import { SIZE_TTL_MS, VolumeSizes } from '../../../app/dashboard/store-rows.js';
import { StoreLayout } from '../../../engine/store/layout.js';
import { writeNetwork } from '../../../engine/network/records.js';
import { ensureVolume, ANONYMOUS_LABEL } from '../../../engine/volumes/volume-store.js';
import { putBlob, sha256Digest } from '../../../engine/store/blobs.js';
import { putImage, writeNames } from '../../../engine/store/images.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';

async function store(t: { after(fn: () => Promise<void>): void }): Promise<StoreLayout> {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-dash-details-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const layout = new StoreLayout(join(dir, 'root'));
  await layout.ensure();
  return layout;
}

function record(id: string, name: string, extra: { mounts?: unknown[]; running?: boolean; image?: string } = {}): ContainerRecord {
  return {
    config: { id, name, image: extra.image ?? 'sha256:none', mounts: extra.mounts ?? [] },
    state: { status: extra.running ? 'running' : 'exited', pid: extra.running ? 4242 : 0 },
  } as unknown as ContainerRecord;
}

const WEB = 'a'.repeat(64);
const DB = 'b'.repeat(64);

test('a network detail: its addressing, each attached container with its lease and aliases, labels and flags only when recorded', async (t) => {
  const layout = await store(t);
  const records = [record(WEB, 'web', { running: true }), record(DB, 'db')];
  await writeNetwork(layout, {
    id: '1'.repeat(64), name: 'backend', driver: 'bridge', bridge: 'br-111111111111', subnet: '10.99.0.0/24', gateway: '10.99.0.1',
    created: '2024-01-02T00:00:00Z', isDefault: false,
    endpoints: { [WEB]: { ip: '10.99.0.2', index: 0, aliases: ['api'] }, [DB]: { ip: '10.99.0.3', index: 1 }, ['f'.repeat(64)]: { ip: '10.99.0.9', index: 0 } },
  });
  const d = await networkDetail(layout, records, 'backend');
  assert.equal(d.subnet, '10.99.0.0/24');
  assert.equal(d.bridge, 'br-111111111111');
  assert.equal(d.created, '2024-01-02T00:00:00Z');
  assert.deepEqual(d.endpoints, [
    { container: 'db', running: false, ipv4: '10.99.0.3', aliases: [] },
    { container: 'web', running: true, ipv4: '10.99.0.2', aliases: ['api'] },
  ], 'sorted by name; a lease of a vanished container is left out');
  assert.equal(d.internal, undefined, 'the engine records no such flag today');
  assert.deepEqual(d.labels, {});

  // A record that carries them (a later engine): shown; non-string labels are not.
  await writeNetwork(layout, {
    id: '2'.repeat(64), name: 'inner', driver: 'bridge', bridge: 'br-222222222222', subnet: '10.98.0.0/24', gateway: '10.98.0.1',
    created: '2024-01-03T00:00:00Z', isDefault: false, endpoints: {},
    ...{ internal: true, attachable: false, labels: { team: 'x', bad: 7 } },
  } as never);
  const inner = await networkDetail(layout, records, 'inner');
  assert.deepEqual([inner.internal, inner.attachable, inner.labels], [true, false, { team: 'x' }]);
  await assert.rejects(networkDetail(layout, records, 'nope'), /network nope not found/);
});

test('a volume detail names each container mounting it, where, and whether read-only', async (t) => {
  const layout = await store(t);
  await ensureVolume(layout, 'data');
  const records = [
    record(WEB, 'web', { mounts: [{ type: 'volume', source: 'data', target: '/srv', readOnly: true }, { type: 'bind', source: '/data', target: '/b', readOnly: false }] }),
    record(DB, 'db', { mounts: [{ type: 'volume', source: 'data', target: '/var/lib/db', readOnly: false }, { type: 'volume', source: 'other', target: '/o', readOnly: false }] }),
  ];
  const d = await volumeDetail(layout, records, 'data');
  assert.deepEqual(d.users, [{ container: 'db', target: '/var/lib/db', readOnly: false }, { container: 'web', target: '/srv', readOnly: true }]);
  assert.equal(d.mountpoint, join(layout.volumesDir, 'data', '_data'));
  assert.equal(d.anonymous, false);
  await ensureVolume(layout, 'c'.repeat(64), { [ANONYMOUS_LABEL]: '' });
  assert.equal((await volumeDetail(layout, records, 'c'.repeat(64))).anonymous, true);
  await assert.rejects(volumeDetail(layout, records, 'gone'), /no such volume/);
});

test('a volume is measured alone, cached for SIZE_TTL_MS; two askers at once get the same figure', async (t) => {
  const layout = await store(t);
  await ensureVolume(layout, 'data');
  await ensureVolume(layout, 'other');
  await writeFile(join(layout.volumesDir, 'data', '_data', 'f'), Buffer.alloc(3000));
  await writeFile(join(layout.volumesDir, 'other', '_data', 'f'), Buffer.alloc(5000));
  const sizes = new VolumeSizes();
  const now = Date.now();
  const [a, b] = await Promise.all([sizes.one(layout, 'data', now), sizes.one(layout, 'data', now)]);
  assert.deepEqual([a, b], [3000, 3000]);
  assert.deepEqual([...(await sizes.get(layout, ['data', 'other'], false, now))], [['data', 3000]], 'the other volume was never measured');
  await writeFile(join(layout.volumesDir, 'data', '_data', 'g'), Buffer.alloc(1000));
  assert.equal(await sizes.one(layout, 'data', now + 1), 3000, 'cached within the TTL');
  assert.equal(await sizes.one(layout, 'data', now + SIZE_TTL_MS), 4000, 'measured again after it');
});

test('an image detail: names, platform, what a container starts with, layers and its users; hostile config values are dropped', async (t) => {
  const layout = await store(t);
  const config = Buffer.from(JSON.stringify({
    architecture: 'arm', os: 'linux', variant: 'v7', created: '2024-02-01T00:00:00Z',
    config: {
      Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], WorkingDir: '/srv', User: 'nginx',
      Env: ['PATH=/bin', 'A=1', 7], ExposedPorts: { '443/tcp': {}, '80/tcp': {} },
    },
    rootfs: { type: 'layers', diff_ids: [] },
  }));
  const id = sha256Digest(config);
  await putBlob(layout, id, config);
  await putImage(layout, {
    id, configDigest: id, manifestDigest: 'sha256:m', manifestMediaType: 'x', indexDigest: undefined, repoDigests: [],
    layers: [{ diffId: 'sha256:1' }, { diffId: 'sha256:2' }, { diffId: 'sha256:3' }] as never,
    os: 'linux', architecture: 'arm', variant: 'v7', created: '2024-02-01T00:00:00Z', storedAt: '2024-02-02T00:00:00Z', size: 12345,
  });
  await writeNames(layout, { 'docker.io/library/nginx:latest': id, 'docker.io/library/nginx:1.25': id });
  const records = [record(WEB, 'web', { image: id }), record(DB, 'db', { image: 'sha256:other' })];
  const d = await imageDetail(layout, records, 'nginx:latest');
  assert.deepEqual(d.tags.sort(), ['nginx:1.25', 'nginx:latest']);
  assert.equal(d.platform, 'linux/arm/v7');
  assert.deepEqual([d.entrypoint, d.cmd, d.workingDir, d.user], [['/docker-entrypoint.sh'], ['nginx', '-g', 'daemon off;'], '/srv', 'nginx']);
  assert.deepEqual(d.env, ['PATH=/bin', 'A=1'], 'a non-string env entry is dropped');
  assert.deepEqual(d.exposedPorts, ['443/tcp', '80/tcp']);
  assert.deepEqual([d.layers, d.size, d.created], [3, 12345, '2024-02-01T00:00:00Z']);
  assert.deepEqual(d.containers, ['web']);
  assert.equal((await imageDetail(layout, records, id)).id, id, 'a nameless row is keyed by its ID');
  await assert.rejects(imageDetail(layout, records, 'busybox:latest'), /busybox/);
});
