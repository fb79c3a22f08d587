import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../../app/dashboard/components/App.js';
import { TscontainError } from '../../../engine/errors.js';
import { container, fakePort, image, network, volume, waitFor, waitForFrame } from './support.js';

afterEach(() => cleanup());

const size = { columns: 100, rows: 24 };
const ESC = '\u001b';
const DOWN = '\u001b[B';

function start(port = fakePort()) {
  const app = render(<App port={port} size={size} refreshMs={20} />);
  return { ...app, port, frame: (p: (f: string) => boolean) => waitForFrame(app.lastFrame, p) };
}

test('shows the tab bar, the containers with live stats, and a detail pane', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db', 'exited')];
  const { frame } = start(port);
  const f = await frame((f) => f.includes('web') && f.includes('12.5'));
  assert.match(f, /tscontain/);
  assert.match(f, /1 containers \(2\)/);
  assert.match(f, /NAME/);
  assert.match(f, /CPU/);
  assert.match(f, /db/);
  assert.match(f, /[▁▂▃▄▅▆▇█]/);
});

test('j moves the selection, ? shows help, Esc returns', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db', 'exited')];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('?');
  // The help scrolls with j when it does not fit: gather every page.
  let help = await frame((f) => f.includes('Keys'));
  for (let i = 0; i < 40 && /more below/.test(help); i++) {
    const before = help;
    stdin.write('j');
    help += await frame((f) => f !== before);
  }
  for (const k of ['Ctrl-k', 'Ctrl-d', 'filter', 'quit', 'pull an image', 'attach', 'run a new container', 'mouse on/off', 'timestamps', 'next / previous match', 'save to a file', 'prune unused', 'create (asks for a name)', 'networks / volumes']) {
    assert.ok(help.includes(k), `help lists ${k}`);
  }
  stdin.write(ESC);
  await frame((f) => !f.includes('Keys') && f.includes('NAME'));
  stdin.write('j');
  // The detail pane names the selected container on its first line.
  await frame((f) => /db\s+[0-9a-f]{12}/.test(f));
  stdin.write('k');
  await frame((f) => /web\s+[0-9a-f]{12}/.test(f));
});

test('keys that arrive in one read each see the state the one before left: arrows move twice, backspaces delete twice', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db', 'exited'), container('cache')];
  const { frame, stdin } = start(port);
  await frame((f) => /web\s+[0-9a-f]{12}/.test(f));
  stdin.write(DOWN + DOWN);
  await frame((f) => /cache\s+[0-9a-f]{12}/.test(f));
  stdin.write('/');
  await frame((f) => f.includes('/'));
  stdin.write('webxy');
  await frame((f) => f.includes('/webxy'));
  stdin.write('\u007f\u007f');
  const f = await frame((f) => f.includes('/web') && !f.includes('/webx'));
  assert.match(f, /\/web\b/);
});

test('/ filters the table', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db', 'exited')];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('db'));
  stdin.write('/');
  await frame((f) => f.includes('/'));
  stdin.write('we');
  const f = await frame((f) => f.includes('/we') && !/ db /.test(f));
  assert.doesNotMatch(f, /exited/);
});

test('Ctrl-k asks, y kills through the port, and errors land in the status line', async () => {
  const port = fakePort({
    async containerAction(verb, id) {
      port.calls.push(`${verb} ${id.slice(0, 8)}`);
      if (verb === 'stop') throw new TscontainError('NOT_AVAILABLE', 'stop: containers are not available in this build');
    },
  });
  port.containers = [container('web')];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('\u000b');
  await frame((f) => f.includes('Kill container web?'));
  stdin.write('y');
  await waitFor(() => port.calls.length === 1);
  assert.equal(port.calls[0], `kill ${port.containers[0]!.id.slice(0, 8)}`);
  await frame((f) => f.includes('killed 1 container'));
  stdin.write('s');
  const f = await frame((f) => f.includes('Error: stop: containers are not available'));
  assert.match(f, /web/, 'the app keeps running after an error');
});

test('an error wider than the screen is cut on its one line; the mouse hint stays whole beside it', async () => {
  const port = fakePort({
    async containerAction() { throw new TscontainError('CONTAINER_NOT_RUNNING', `container ${'0123456789abcdef'.repeat(4)} is not running`); },
  });
  port.containers = [container('web')];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('s');
  const f = await frame((f) => f.includes('Error: container 0123'));
  const rows = f.split('\n');
  assert.equal(rows.length, size.rows, f);
  assert.match(rows.at(-1)!, /^Error: container 0123.*… mouse off \(m\)$/);
});

test('a failing refresh shows the error and the app stays up', async () => {
  const port = fakePort({ async listContainers() { throw new TscontainError('STORE_IO', 'cannot read the store'); } });
  const { frame } = start(port);
  await frame((f) => f.includes('Error: cannot read the store'));
});

test('images view lists images; p pulls with per-layer progress', async () => {
  let release!: () => void;
  const port = fakePort({
    async pullImage(ref, onEvent) {
      port.calls.push(`pull ${ref}`);
      onEvent({ type: 'resolved', reference: 'docker.io/library/busybox:latest', manifestDigest: 'sha256:m', indexDigest: undefined, platform: 'linux/amd64', layers: [{ digest: `sha256:${'ab'.repeat(32)}`, size: 2_000_000 }] });
      onEvent({ type: 'layer', digest: `sha256:${'ab'.repeat(32)}`, state: 'downloading', done: 1_000_000, total: 2_000_000 });
      await new Promise<void>((resolve) => { release = resolve; });
      onEvent({ type: 'layer', digest: `sha256:${'ab'.repeat(32)}`, state: 'done', done: 2_000_000, total: 2_000_000 });
    },
  });
  port.images = [image('alpine', '3.20')];
  const { frame, stdin } = start(port);
  stdin.write('2');
  await frame((f) => f.includes('REPOSITORY') && f.includes('alpine') && f.includes('3.20'));
  stdin.write('p');
  await frame((f) => f.includes('Pull an image'));
  stdin.write('busybox');
  await frame((f) => f.includes('Image: busybox'));
  stdin.write('\r');
  const progress = await frame((f) => f.includes('downloading') && f.includes('abababababab'));
  assert.match(progress, /1MB\/2MB/);
  assert.match(progress, /█+░+/);
  release();
  await frame((f) => f.includes('Pulled docker.io/library/busybox:latest'));
  stdin.write(ESC);
  await frame((f) => f.includes('REPOSITORY'));
});

test('l shows the latest log lines and Esc goes back', async () => {
  const port = fakePort();
  port.containers = [container('web')];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('l');
  await frame((f) => f.includes('Logs of web') && f.includes(`log of ${port.containers[0]!.id.slice(0, 8)}`));
  stdin.write(ESC);
  await frame((f) => f.includes('NAME'));
});

test('a long list scrolls to keep the selection visible', async () => {
  const port = fakePort();
  port.containers = Array.from({ length: 40 }, (_, i) => container(`c${String(i).padStart(2, '0')}`, 'exited', { createdAt: `2024-01-01T00:00:${String(59 - i).padStart(2, '0')}Z` }));
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('c00'));
  stdin.write('G');
  const f = await frame((f) => f.includes('c39'));
  assert.doesNotMatch(f, /c00/);
  assert.ok(f.split('\n').length <= size.rows, 'the frame fits the terminal');
  stdin.write('g');
  await frame((f) => f.includes('c00') && !f.includes('c39'));
  void DOWN;
});

test('the run form runs through the port and shows the engine\'s error in the status line', async () => {
  const port = fakePort({
    async runContainer(request) {
      port.calls.push(`run ${request.image} ${request.ports.join(',')}`);
      if (request.ports.length > 0) throw new TscontainError('NOT_AVAILABLE', 'publishing ports (8080:80) is not available in this build');
      return { name: 'fresh', warnings: [] };
    },
  });
  port.containers = [container('web')];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('n');
  await frame((f) => f.includes('Run a new container'));
  stdin.write('alpine');
  await frame((f) => /› Image\s+alpine/.test(f));
  for (let i = 0; i < 6; i++) stdin.write('\t');
  await frame((f) => /› Ports/.test(f));
  stdin.write('8080:80');
  await frame((f) => /› Ports\s+8080:80/.test(f));
  stdin.write('\r');
  await frame((f) => f.includes('Error: publishing ports (8080:80) is not available') && f.includes('Run a new container'));
  // One Backspace per write: Ink reads a chunk of several as one key.
  for (let left = 6; left >= 0; left--) {
    stdin.write('\u007f');
    const rest = '8080:80'.slice(0, left);
    await frame((f) => new RegExp(`› Ports {3}${rest.replace('.', '\\.')} `).test(f));
  }
  stdin.write('\r');
  await frame((f) => f.includes('started fresh') && !f.includes('Run a new container'));
  assert.deepEqual(port.calls, ['run alpine 8080:80', 'run alpine ']);
});

test('m turns mouse reporting on (the status line says so), a click selects a row, the wheel moves, m turns it off', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db', 'exited'), container('cache')];
  const { frame, stdin, stdout } = start(port);
  await frame((f) => f.includes('web') && f.includes('mouse off'));
  stdin.write('m');
  await frame((f) => f.includes('mouse on'));
  assert.ok(stdout.frames.some((f) => f.includes('\u001b[?1000h')), 'reporting enabled on the terminal');
  // Row 5 of the screen is the third table row: tab bar, header, then rows.
  stdin.write('\u001b[<0;10;5M');
  await frame((f) => /cache\s+[0-9a-f]{12}/.test(f));
  stdin.write('\u001b[<64;10;5M');
  await frame((f) => /web\s+[0-9a-f]{12}/.test(f));
  stdin.write('m');
  await frame((f) => f.includes('mouse off'));
  assert.ok(stdout.frames.some((f) => f.includes('\u001b[?1000l')), 'reporting disabled again');
});

test('at 80x24 the logs view, the run form and help fit the screen', async () => {
  const port = fakePort();
  port.containers = [container('web')];
  const app = render(<App port={port} size={{ columns: 80, rows: 24 }} refreshMs={20} />);
  const frame = (p: (f: string) => boolean) => waitForFrame(app.lastFrame, p);
  const fits = (f: string) => f.split('\n').length <= 24 && f.split('\n').every((l) => [...l].length <= 80);
  await frame((f) => f.includes('web'));
  app.stdin.write('l');
  assert.ok(fits(await frame((f) => f.includes('Logs of web') && f.includes('log of'))));
  app.stdin.write('q');
  await frame((f) => f.includes('NAME'));
  app.stdin.write('n');
  const form = await frame((f) => f.includes('Run a new container') && f.includes('Volumes'));
  assert.ok(fits(form));
  app.stdin.write('\u001b');
  await frame((f) => f.includes('NAME'));
  app.stdin.write('?');
  assert.ok(fits(await frame((f) => f.includes('Keys') && f.includes('more below'))));
  // j scrolls the help until its last key shows.
  for (let i = 0; i < 30 && !app.lastFrame()!.includes('run detached'); i++) {
    const before = app.lastFrame();
    app.stdin.write('j');
    await frame((f) => f !== before);
  }
  assert.ok(fits(await frame((f) => f.includes('run detached'))));
});

test('3 shows the networks with subnet, gateway and attached containers; a refused remove lands in the status line', async () => {
  const port = fakePort({
    async removeNetwork(name) {
      port.calls.push(`network rm ${name}`);
      throw new TscontainError('NETWORK_IN_USE', `error while removing network: network ${name} has active endpoints (web)`);
    },
  });
  port.containers = [container('web')];
  port.networks = [network('backend', { subnet: '10.99.0.0/24', gateway: '10.99.0.1', containers: ['web'] })];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('web'));
  stdin.write('3');
  const f = await frame((f) => /backend\s+bridge\s+10\.99\.0\.0\/24\s+10\.99\.0\.1\s+1: web/.test(f));
  assert.match(f, /3 networks \(1\)/);
  stdin.write('D');
  await frame((f) => f.includes('Remove network backend?'));
  stdin.write('y');
  await frame((f) => f.includes('Error: error while removing network: network backend has active endpoints (web)'));
  assert.deepEqual(port.calls, ['network rm backend']);
});

test('4 shows the volumes with size and users; n creates one through a small input, P prunes after asking', async () => {
  const port = fakePort();
  port.volumes = [volume('data', { size: 3 * 1024 * 1024, containers: ['web', 'db'] })];
  const { frame, stdin } = start(port);
  await frame((f) => f.includes('loading') || f.includes('containers'));
  stdin.write('4');
  await frame((f) => /data\s+local\s+3\.15MB\s+web, db/.test(f));
  stdin.write('n');
  await frame((f) => f.includes('New volume name:'));
  stdin.write('cache');
  await frame((f) => f.includes('New volume name: cache'));
  stdin.write('\r');
  await frame((f) => f.includes('created volume cache') && !f.includes('New volume name'));
  stdin.write('P');
  await frame((f) => f.includes('Remove all anonymous volumes no container uses?'));
  stdin.write('y');
  await frame((f) => f.includes('removed 1 unused anonymous volume, 2.05kB reclaimed'));
  assert.deepEqual(port.calls, ['volume create cache', 'volume prune']);
});

test('at 80x24 the networks and volumes views and the create input fit the screen', async () => {
  const port = fakePort();
  port.containers = Array.from({ length: 30 }, (_, i) => container(`c${i}`, 'running', { ports: ['0.0.0.0:8080->80/tcp'] }));
  port.networks = [network('bridge', { isDefault: true, containers: port.containers.map((c) => c.name) }), network('backend')];
  port.volumes = [volume('data', { containers: ['c1'] }), volume('f'.repeat(64), { anonymous: true })];
  const app = render(<App port={port} size={{ columns: 80, rows: 24 }} refreshMs={20} />);
  const frame = (p: (f: string) => boolean) => waitForFrame(app.lastFrame, p);
  const fits = (f: string) => f.split('\n').length <= 24 && f.split('\n').every((l) => [...l].length <= 80);
  const containers = await frame((f) => f.includes('c0') && f.includes('8080->80'));
  assert.ok(fits(containers), containers);
  assert.match(containers, /PORTS/);
  app.stdin.write('3');
  assert.ok(fits(await frame((f) => f.includes('SUBNET') && f.includes('backend'))));
  app.stdin.write('n');
  assert.ok(fits(await frame((f) => f.includes('New network name:'))));
  app.stdin.write('\u001b');
  await frame((f) => !f.includes('New network name:'));
  app.stdin.write('4');
  const volumes = await frame((f) => f.includes('MOUNTPOINT') && f.includes('ffffffffffff'));
  assert.ok(fits(volumes), volumes);
  assert.doesNotMatch(volumes, /f{13}/, 'anonymous volume names are cut to 12 digits');
});

test('z pauses the selected container through the port; the row then shows paused, and z again unpauses', async () => {
  const port = fakePort({
    async containerAction(verb, id) {
      port.calls.push(`${verb} ${id.slice(0, 8)}`);
      const c = port.containers.find((r) => r.id === id)!;
      if (verb === 'pause') Object.assign(c, { state: 'paused', status: 'Up 5 minutes (Paused)' });
      if (verb === 'unpause') Object.assign(c, { state: 'running', status: 'Up 5 minutes' });
    },
  });
  port.containers = [container('web')];
  const { frame, stdin, lastFrame } = start(port);
  await frame((f) => f.includes('web') && f.includes('running'));
  stdin.write('z');
  const paused = await frame((f) => f.includes('paused 1 container') && f.includes('(Paused)'));
  assert.match(paused, /web\s.*paused/);
  assert.match(paused, /12\.5/, 'a paused container keeps its stats');
  stdin.write('z');
  await frame((f) => f.includes('unpaused 1 container') && !f.includes('(Paused)'));
  assert.deepEqual(port.calls, [`pause ${port.containers[0]!.id.slice(0, 8)}`, `unpause ${port.containers[0]!.id.slice(0, 8)}`]);
  stdin.write('?');
  await frame((f) => f.includes('Keys'));
  for (let i = 0; i < 30 && !lastFrame()!.includes('pause / unpause'); i++) {
    const before = lastFrame();
    stdin.write('j');
    await frame((f) => f !== before);
  }
  await frame((f) => f.includes('pause / unpause'));
});

test('an engine that throws on every call never takes the dashboard down, whatever keys are pressed', async () => {
  const boom = () => { throw new TscontainError('STORE_IO', 'engine on fire'); };
  const asyncBoom = async () => boom();
  const port = fakePort();
  for (const name of Object.keys(port) as (keyof typeof port)[]) {
    if (typeof port[name] === 'function') (port as unknown as Record<string, unknown>)[name] = name === 'listContainers' ? boom : asyncBoom;
  }
  const { frame, stdin, lastFrame } = start(port);
  await frame((f) => f.includes('Error: engine on fire'));
  // Every view, every action key, dialogs confirmed, forms submitted.
  const keys = ['1', 's', 'r', 'z', 'l', ESC, 'e', 'a', '\u000b', 'y', 'D', 'y', 'n', 'alpine\r', ESC, '2', 'p', 'busybox\r', ESC, 'D', 'y',
    '3', 'n', 'net\r', 'D', 'y', 'P', 'y', '4', 'n', 'vol\r', 'P', 'y', 'D', 'y', '\t', '?', ESC, '/', 'x', '\r', ESC, ' ', 'm', 'm', '1'];
  for (const k of keys) {
    stdin.write(k);
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Whatever dialog the keys left open, Esc twice and 1 lead back to the list.
  for (const k of [ESC, ESC, '1']) {
    stdin.write(k);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const f = await frame((f) => f.includes('NAME') && f.includes('engine on fire'));
  assert.match(f, /tscontain/, 'still drawing');
  assert.ok(lastFrame());
});

test('at 80x24 all four views with their detail panes, help, and a paused row fit the screen', async () => {
  const port = fakePort();
  port.containers = Array.from({ length: 30 }, (_, i) => container(`c${i}`, i === 0 ? 'paused' : 'running', i === 0 ? { status: 'Up 5 minutes (Paused)' } : {}));
  port.images = [image('alpine')];
  port.networks = [network('bridge', { isDefault: true })];
  port.volumes = [volume('data')];
  const app = render(<App port={port} size={{ columns: 80, rows: 24 }} refreshMs={20} />);
  const frame = (p: (f: string) => boolean) => waitForFrame(app.lastFrame, p);
  const fits = (f: string) => f.split('\n').length <= 24 && f.split('\n').every((l) => [...l].length <= 80);
  const containers = await frame((f) => f.includes('c0') && f.includes('(Paused)'));
  assert.ok(fits(containers), containers);
  // Each view's marker is in its detail pane, drawn last: the frame checked is the one with the pane filled in.
  for (const [k, marker] of [['2', 'Cmd ['], ['3', 'Created 2024'], ['4', 'Size 4.1kB'], ['1', 'c0'], ['?', 'Keys']] as const) {
    app.stdin.write(k);
    const f = await frame((f) => f.includes(marker) && (k !== '1' || f.includes('NAME')));
    assert.ok(fits(f), f);
  }
});

test('the detail pane shows the selected container\'s command, networks, mounts and latest log lines, and follows the selection', async () => {
  const port = fakePort();
  port.containers = [container('web'), container('db')];
  const app = render(<App port={port} size={{ columns: 80, rows: 24 }} refreshMs={20} />);
  const frame = (p: (f: string) => boolean) => waitForFrame(app.lastFrame, p);
  const fits = (f: string) => f.split('\n').length <= 24 && f.split('\n').every((l) => [...l].length <= 80);
  const idOf = (name: string) => port.containers.find((c) => c.name === name)!.id;
  // The list is sorted newest first; whichever is selected, its own detail is shown.
  const first = await frame((f) => /latest of [0-9a-f]{8}/.test(f));
  const shownId = /latest of ([0-9a-f]{8})/.exec(first)![1]!;
  const selected = idOf('web').startsWith(shownId) ? 'web' : 'db';
  const other = selected === 'web' ? 'db' : 'web';
  assert.match(first, new RegExp(`cmd sh -c 'serve ${idOf(selected).slice(0, 4)}'`));
  assert.match(first, /net bridge 10\.88\.0\.2\s+mounts data:\/data/);
  assert.ok(fits(first), first);
  app.stdin.write('j');
  const moved = await frame((f) => f.includes(`latest of ${idOf(other).slice(0, 8)}`));
  assert.ok(!moved.includes(`latest of ${shownId}`), moved);
});
