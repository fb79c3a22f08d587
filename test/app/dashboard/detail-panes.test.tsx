// The images, networks and volumes views' detail panes, rendered: they follow
// the selection, read through the port, measure only the selected volume,
// drop late replies, put port errors in the status line, and fit the screen.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../../app/dashboard/components/App.js';
import { TscontainError } from '../../../engine/errors.js';
import type { NetworkDetail } from '../../../app/dashboard/engine-port.js';
import { container, fakePort, image, network, networkDetailOf, volume, waitFor, waitForFrame, type FakePort } from './support.js';

afterEach(() => cleanup());

const DOWN = '\u001b[B';
const fits = (f: string, columns: number, rows: number) => f.split('\n').length <= rows && f.split('\n').every((l) => [...l].length <= columns);

function start(port: FakePort, size = { columns: 80, rows: 24 }) {
  const app = render(<App port={port} size={size} refreshMs={20} />);
  return { ...app, frame: (p: (f: string) => boolean) => waitForFrame(app.lastFrame, p) };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

test('3: the pane shows the selected network with each attached container\'s address, and follows the selection', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db')];
  port.networks = [
    network('backend', { subnet: '10.99.0.0/24', gateway: '10.99.0.1', containers: ['web', 'db'] }),
    network('front', { subnet: '10.98.0.0/24', gateway: '10.98.0.1', containers: [] }),
  ];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('3');
  const f = await frame((f) => f.includes('Containers (2) web 10.99.0.2   db 10.99.0.3'));
  assert.match(f, /Driver bridge {3}Subnet 10\.99\.0\.0\/24 {3}Gateway 10\.99\.0\.1 {3}Bridge br-backend/);
  assert.match(f, /Created 2024-01-01 00:00/);
  assert.ok(fits(f, 80, 24), f);
  stdin.write(DOWN);
  const g = await frame((f) => /^front [0-9a-f]{12}/m.test(f) && f.includes('Containers -'));
  assert.match(g, /Subnet 10\.98\.0\.0\/24/);
});

test('4: the selected volume alone is measured, after "…"; the refresh never measures, and moving measures the next one', async () => {
  const sizes = new Map([['data', deferred<number>()], ['spare', deferred<number>()]]);
  let listed = 0;
  const port = fakePort({
    async listVolumes() { listed++; return port.volumes; },
    async volumeSize(name) { port.calls.push(`size ${name}`); return sizes.get(name)!.promise; },
  });
  port.volumes = [volume('data', { size: undefined, containers: ['web'] }), volume('spare', { size: undefined })];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('containers'));
  stdin.write('4');
  const pending = await frame((f) => f.includes('Size …') && f.includes('Used by web:/data'));
  assert.match(pending, /^data$/m);
  await waitFor(() => port.calls.includes('size data'));
  const seen = listed;
  await waitFor(() => listed >= seen + 5);
  assert.deepEqual(port.calls, ['size data'], 'five refreshes later, still only the selected volume was measured, once');
  sizes.get('data')!.resolve(3_150_000);
  await frame((f) => f.includes('Size 3.15MB'));
  stdin.write(DOWN);
  await frame((f) => /^spare$/m.test(f) && f.includes('Size …'));
  await waitFor(() => port.calls.includes('size spare'));
  sizes.get('spare')!.resolve(0);
  await frame((f) => /^spare$/m.test(f) && f.includes('Size 0B'));
  assert.deepEqual(port.calls, ['size data', 'size spare']);
});

test('2: the image pane shows what a container starts with, its platform, layers, users and env', async () => {
  const port = fakePort();
  port.containers = [container('web')];
  port.images = [image('alpine', 'latest', { containers: ['web'] })];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('2');
  const f = await frame((f) => f.includes('Cmd ["/bin/sh"]'));
  for (const part of ['alpine:latest', 'Size 7.8MB', 'Platform linux/amd64', 'Layers 1', 'Used by web', 'Env PATH=/usr/local/sbin']) {
    assert.ok(f.includes(part), `${part} in\n${f}`);
  }
  assert.ok(fits(f, 80, 24), f);
  stdin.write('1');
  const c = await frame((f) => f.includes('CPU') && f.includes('MEM') && !f.includes('Cmd ['));
  assert.match(c, /[▁▂▃▄▅▆▇█]/, 'the containers view keeps its own pane');
});

test('a port error lands in the status line and the pane keeps the row\'s own fields; a late reply for a row left behind is dropped', async () => {
  const slow = deferred<NetworkDetail>();
  const port = fakePort({
    async networkDetail(name) {
      if (name === 'broken') throw new TscontainError('STORE_IO', 'network record unreadable');
      if (name === 'alpha') return slow.promise;
      return networkDetailOf(port.networks, name);
    },
  });
  port.networks = [network('alpha', { containers: ['a1'] }), network('beta', { containers: ['b1'] }), network('broken')];
  const { frame, stdin, lastFrame } = start(port);
  await frame((f) => f.includes('containers'));
  stdin.write('3');
  await frame((f) => /^alpha /m.test(f) && f.includes('loading…'));
  stdin.write(DOWN);
  await frame((f) => f.includes('Containers b1 172.18.0.2'));
  slow.resolve(networkDetailOf(port.networks, 'alpha'));
  await new Promise((resolve) => setImmediate(resolve));
  await frame((f) => f.includes('Containers b1'));
  assert.ok(!lastFrame()!.includes('a1 172'), 'alpha\'s late detail is not drawn under beta');
  stdin.write(DOWN);
  const f = await frame((f) => f.includes('Error: network record unreadable'));
  assert.match(f, /^broken /m);
  assert.match(f, /Subnet 172\.18\.0\.0\/16/, 'the row\'s fields still show');
});

test('a long list is cut to the pane with a count at 80x24, and a taller terminal shows more of it', async () => {
  const port = fakePort();
  const names = Array.from({ length: 120 }, (_, i) => `container-${String(i).padStart(3, '0')}`);
  port.networks = [network('big', { containers: names })];
  const small = start(port);
  small.stdin.write('3');
  const f = await small.frame((f) => f.includes('more lines'));
  assert.ok(fits(f, 80, 24), f);
  small.unmount();
  const big = start(port, { columns: 160, rows: 50 });
  big.stdin.write('3');
  const g = await big.frame((f) => f.includes('Containers (120)'));
  assert.ok(fits(g, 160, 50), g);
  const shown = (frame: string) => (frame.match(/container-\d{3} /g) ?? []).length;
  assert.ok(shown(g) > shown(f) * 2, `${shown(g)} vs ${shown(f)}`);
});

test('a network\'s pane is read again when an attached container stops, not on every refresh', async () => {
  let reads = 0;
  const port = fakePort({
    async networkDetail(name) {
      reads++;
      const d = networkDetailOf(port.networks, name);
      const web = port.containers.find((c) => c.name === 'web')!;
      d.endpoints = d.endpoints.map((e) => ({ ...e, running: web.state === 'running' }));
      return d;
    },
  });
  let listed = 0;
  const listContainers = port.listContainers;
  port.listContainers = async () => { listed++; return listContainers(); };
  port.containers = [container('web')];
  port.networks = [network('backend', { containers: ['web'] })];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('3');
  await frame((f) => f.includes('Containers web 172.18.0.2') && !f.includes('(stopped)'));
  const before = reads;
  const seen = listed;
  await waitFor(() => listed >= seen + 5);
  assert.equal(reads, before, 'five refreshes with nothing changed read nothing');
  port.containers = [container('web', 'exited')];
  await frame((f) => f.includes('web 172.18.0.2 (stopped)'));
});
