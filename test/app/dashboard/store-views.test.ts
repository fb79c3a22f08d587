// The networks and volumes views without rendering: keys, reducers, columns,
// and the rows read from a store on disk (networks, volumes, ports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpretKey } from '../../../app/dashboard/state/keys.js';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState, type DashboardState } from '../../../app/dashboard/state/dashboard-state.js';
import { sortKeys, visibleKeys } from '../../../app/dashboard/state/visible-rows.js';
import { layoutColumns } from '../../../app/dashboard/columns/column.js';
import { networkColumns } from '../../../app/dashboard/columns/network-columns.js';
import { volumeColumns } from '../../../app/dashboard/columns/volume-columns.js';
import { imageColumns } from '../../../app/dashboard/columns/image-columns.js';
import { containerColumns, shortPort } from '../../../app/dashboard/columns/container-columns.js';
import { tabLabels } from '../../../app/dashboard/components/TabBar.js';
import { networkRows, PortsCache, SIZE_TTL_MS, VolumeSizes, volumeRows } from '../../../app/dashboard/store-rows.js';
import { StoreLayout } from '../../../engine/store/layout.js';
import { writeNetwork } from '../../../engine/network/records.js';
import { writePorts } from '../../../engine/network/container-network.js';
import { ensureVolume } from '../../../engine/volumes/volume-store.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';
import { container, key, network, volume } from './support.js';

const withData = (): DashboardState => [
  { type: 'containers' as const, rows: [container('web')] },
  { type: 'networks' as const, rows: [network('bridge', { isDefault: true, containers: ['web'] }), network('backend'), network('front')] },
  { type: 'volumes' as const, rows: [volume('data', { containers: ['web'] }), volume('a'.repeat(64), { anonymous: true })] },
].reduce(reducer, initialState());

const press = (s: DashboardState, input: string, k = key()) => {
  const r = interpretKey(s, input, k);
  return { state: r.actions.reduce(reducer, s), effect: r.effect, actions: r.actions };
};
const typeText = (s: DashboardState, text: string) => [...text].reduce((acc, ch) => press(acc, ch).state, s);

test('3 and 4 open the networks and volumes views; Tab goes round all four', () => {
  assert.equal(press(withData(), '3').state.view, 'networks');
  assert.equal(press(withData(), '4').state.view, 'volumes');
  let s = withData();
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    s = press(s, '', key({ tab: true })).state;
    seen.push(s.view);
  }
  assert.deepEqual(seen, ['images', 'networks', 'volumes', 'containers']);
});

test('the networks view sorts by name and filters on subnet and attached containers', () => {
  let s = press(withData(), '3').state;
  assert.deepEqual(visibleKeys(s), ['backend', 'bridge', 'front']);
  s = press(s, 'I').state;
  assert.deepEqual(visibleKeys(s), ['front', 'bridge', 'backend']);
  s = press(s, '/').state;
  s = typeText(s, 'web');
  assert.deepEqual(visibleKeys(s), ['bridge']);
  assert.deepEqual(sortKeys('networks'), ['name', 'driver', 'subnet', 'gateway', 'containers', 'bridge']);
  assert.deepEqual(sortKeys('volumes'), ['name', 'driver', 'size', 'used', 'created', 'mountpoint']);
});

test('D removes the selected or marked networks after a confirmation', () => {
  let s = press(withData(), '3').state;
  s = press(s, 'j').state; // bridge
  const asked = press(s, 'D');
  assert.equal(asked.state.mode, 'confirm');
  assert.equal(asked.state.confirm?.message, 'Remove network bridge?');
  assert.equal(asked.effect, undefined, 'nothing runs before the confirmation');
  const yes = press(asked.state, 'y');
  assert.deepEqual(yes.effect, { type: 'remove', kind: 'network', names: ['bridge'] });
  assert.equal(yes.state.mode, 'normal');
  assert.equal(press(asked.state, 'n').effect, undefined);
  // Marks: Space marks and moves down; Ctrl-d works as D.
  s = press(press(press(s, 'g').state, ' ').state, ' ').state;
  assert.deepEqual(press(press(s, 'd', key({ ctrl: true })).state, 'y').effect, { type: 'remove', kind: 'network', names: ['backend', 'bridge'] });
});

test('anonymous volumes are named by 12 digits in the confirmation but removed by their full name', () => {
  let s = press(withData(), '4').state;
  s = press(s, 'g').state;
  const asked = press(s, 'D');
  assert.equal(asked.state.confirm?.message, 'Remove volume aaaaaaaaaaaa?');
  assert.deepEqual(press(asked.state, 'y').effect, { type: 'remove', kind: 'volume', names: ['a'.repeat(64)] });
});

test('P prunes networks or volumes after a confirmation; elsewhere P does nothing', () => {
  const net = press(press(withData(), '3').state, 'P');
  assert.match(net.state.confirm!.message, /networks no container is attached to/);
  assert.deepEqual(press(net.state, 'y').effect, { type: 'prune', kind: 'network' });
  const vol = press(press(withData(), '4').state, 'P');
  assert.match(vol.state.confirm!.message, /anonymous volumes no container uses/);
  assert.deepEqual(press(vol.state, '\r', key({ return: true })).effect, { type: 'prune', kind: 'volume' });
  assert.equal(press(withData(), 'P').state.mode, 'normal');
});

test('n in the networks view asks for a name and creates the network; Esc cancels', () => {
  let s = press(withData(), '3').state;
  s = press(s, 'n').state;
  assert.equal(s.mode, 'create');
  assert.deepEqual(s.create, { kind: 'network', text: '' });
  // An empty network name is refused in the status line, and the input stays.
  const empty = press(s, '', key({ return: true }));
  assert.equal(empty.effect, undefined);
  assert.equal(empty.state.status?.text, 'a network needs a name');
  assert.equal(empty.state.mode, 'create');
  s = typeText(s, 'backend2');
  s = press(s, '', key({ backspace: true })).state;
  assert.equal(s.create?.text, 'backend');
  const done = press(s, '', key({ return: true }));
  assert.deepEqual(done.effect, { type: 'create', kind: 'network', name: 'backend' });
  assert.equal(done.state.mode, 'normal');
  assert.equal(done.state.create, undefined);
  assert.equal(press(press(press(withData(), '3').state, 'n').state, '', key({ escape: true })).state.mode, 'normal');
  // In the containers view n still opens the run form.
  assert.equal(press(withData(), 'n').state.mode, 'run');
});

test('an empty volume name makes an anonymous volume', () => {
  const s = press(press(withData(), '4').state, 'n').state;
  assert.deepEqual(press(s, '', key({ return: true })).effect, { type: 'create', kind: 'volume', name: '' });
});

test('new rows replace the old, identical rows keep the state object', () => {
  const s = withData();
  assert.equal(reducer(s, { type: 'networks', rows: structuredClone(s.networks) }), s);
  assert.equal(reducer(s, { type: 'volumes', rows: structuredClone(s.volumes) }), s);
  assert.notEqual(reducer(s, { type: 'volumes', rows: [] }), s);
});

test('at 80 columns: networks keep subnet, gateway and containers; volumes keep size, users and mountpoint; containers keep ports', () => {
  const width = 78; // less the mark and scroll columns
  const fits = (l: { width: number }[]) => l.reduce((n, c) => n + c.width, 0) + l.length - 1 <= width;
  const net = layoutColumns(networkColumns, width);
  assert.ok(fits(net));
  assert.deepEqual(net.map((c) => c.column.key), ['name', 'driver', 'subnet', 'gateway', 'containers']);
  assert.ok(layoutColumns(networkColumns, 118).some((c) => c.column.key === 'bridge'));
  const vol = layoutColumns(volumeColumns, width);
  assert.ok(fits(vol));
  assert.deepEqual(vol.map((c) => c.column.key), ['name', 'driver', 'size', 'used', 'mountpoint']);
  assert.ok(layoutColumns(volumeColumns, 118).some((c) => c.column.key === 'created'));
  assert.ok(layoutColumns(containerColumns, width).some((c) => c.column.key === 'ports'));
  // Images keep USED BY longer than CREATED.
  assert.deepEqual(layoutColumns(imageColumns, 60).map((c) => c.column.key), ['repository', 'tag', 'id', 'size', 'used']);
  assert.equal(imageColumns.find((c) => c.key === 'used')!.cell({ containers: [] } as never, { stats: new Map(), now: 0 }), '-');
  assert.ok(layoutColumns(containerColumns, 118).some((c) => c.column.key === 'state'), 'STATE is back on a wide terminal');
});

test('shortPort drops the any-address and /tcp; tab labels fit 80 columns', () => {
  assert.equal(shortPort('0.0.0.0:8080->80/tcp'), '8080->80');
  assert.equal(shortPort('127.0.0.1:53->53/udp'), '127.0.0.1:53->53/udp');
  assert.equal(shortPort('80/tcp'), '80');
  const labels = tabLabels({ containers: 100, images: 100, networks: 10, volumes: 100 }, 80);
  assert.ok(labels.join('').length <= 80, labels.join(''));
  assert.deepEqual(tabLabels({ containers: 1, images: 2, networks: 3, volumes: 4 }, 200), [' 1 containers (1) ', ' 2 images (2) ', ' 3 networks (3) ', ' 4 volumes (4) ']);
});

/** A container record with just what the row builders read. */
function record(id: string, name: string, extra: { mounts?: unknown[]; running?: boolean; startedAt?: string } = {}): ContainerRecord {
  return {
    config: { id, name, mounts: extra.mounts ?? [], network: { mode: 'bridge', ports: [], publishAll: false, exposedPorts: [], extraHosts: [], dns: [] } },
    state: { status: extra.running ? 'running' : 'exited', pid: extra.running ? 4242 : 0, startedAt: extra.startedAt ?? '2024-01-01T00:00:00Z' },
  } as unknown as ContainerRecord;
}

test('rows from a store: networks name their containers, volumes their users and sizes, ports are read once per start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-dash-rows-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const layout = new StoreLayout(join(dir, 'root'));
  await layout.ensure();
  const web = 'a'.repeat(64);
  const gone = 'f'.repeat(64);
  const records = [record(web, 'web', { running: true, mounts: [{ type: 'volume', source: 'data', target: '/data' }] })];
  await writeNetwork(layout, {
    id: '1'.repeat(64), name: 'backend', driver: 'bridge', bridge: 'br-111111111111', subnet: '10.99.0.0/24', gateway: '10.99.0.1',
    created: '2024-01-02T00:00:00Z', isDefault: false, endpoints: { [web]: { ip: '10.99.0.2', index: 0 }, [gone]: { ip: '10.99.0.3', index: 0 } },
  });
  await writeNetwork(layout, {
    id: '2'.repeat(64), name: 'bridge', driver: 'bridge', bridge: 'tscontain0', subnet: '10.98.0.0/24', gateway: '10.98.0.1',
    created: '2024-01-03T00:00:00Z', isDefault: true, endpoints: {},
  });
  const nets = networkRows(layout, records);
  assert.deepEqual(nets.map((n) => [n.name, n.containers]), [['bridge', []], ['backend', ['web']]], 'the default first; a vanished lease attaches nothing');
  assert.equal(nets[1]!.subnet, '10.99.0.0/24');

  await ensureVolume(layout, 'data');
  await ensureVolume(layout, 'spare');
  await writeFile(join(layout.volumesDir, 'data', '_data', 'file'), Buffer.alloc(3000));
  const sizes = new VolumeSizes();
  const unmeasured = await volumeRows(layout, records, sizes, false);
  assert.deepEqual(unmeasured.map((v) => [v.name, v.containers, v.size]), [['data', ['web'], undefined], ['spare', [], undefined]]);
  const measured = await volumeRows(layout, records, sizes, true);
  assert.deepEqual(measured.map((v) => v.size), [3000, 0]);
  await writeFile(join(layout.volumesDir, 'data', '_data', 'more'), Buffer.alloc(1000));
  assert.equal((await volumeRows(layout, records, sizes, false))[0]!.size, 3000, 'the last size when not measuring');
  const now = Date.now();
  assert.equal((await sizes.get(layout, ['data'], true, now + 1))?.get('data'), 3000, 'cached within the TTL');
  assert.equal((await sizes.get(layout, ['data'], true, now + SIZE_TTL_MS + 1))?.get('data'), 4000, 'measured again after it');

  await mkdir(join(layout.containersDir, web), { recursive: true });
  await writePorts(layout, web, [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp', containerIp: '10.99.0.2' }]);
  const ports = new PortsCache();
  assert.deepEqual(ports.of(layout, records[0]!), ['0.0.0.0:8080->80/tcp']);
  await writePorts(layout, web, []);
  assert.deepEqual(ports.of(layout, records[0]!), ['0.0.0.0:8080->80/tcp'], 'not re-read while the same start runs');
  const restarted = record(web, 'web', { running: true, startedAt: '2024-01-05T00:00:00Z' });
  assert.deepEqual(ports.of(layout, restarted), [], 're-read after a restart');
  assert.deepEqual(ports.of(layout, record(web, 'web')), [], 'none while stopped');
});
