// Resource limits enforced by the cgroup (an OOM kill reported as such, a
// fork loop capped), and bad input: one clear error line, Docker's status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

test('--memory: an OOM kill shows as OOMKilled true, exit code 137', { skip }, async () => {
  const r = await f.cli('run', '--name', 'hog', '-m', '16m', '--memory-swap', '16m', 'busybox',
    'sh', '-c', 'a=xxxxxxxxxxxxxxxx; while :; do a=$a$a; done');
  assert.equal(r.code, 137, r.stderr);
  const info = JSON.parse((await f.cli('inspect', 'hog')).stdout)[0];
  assert.equal(info.State.OOMKilled, true);
  assert.equal(info.State.ExitCode, 137);
  assert.equal(info.HostConfig.Memory, 16 * 1024 * 1024);
  assert.equal(info.HostConfig.MemorySwap, 16 * 1024 * 1024);
});

test('--pids-limit caps a fork loop', { skip }, async () => {
  // sh plus 4 sleeps fill a limit of 5; the 5th fork fails and busybox sh gives up with status 2.
  const r = await f.cli('run', '--name', 'forker', '--pids-limit', '5', 'busybox', 'sh', '-c',
    'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 30 & done; echo all forked');
  assert.match(r.stderr, /can't fork/);
  assert.equal(r.stdout, '');
  assert.equal(r.code, 2);
  assert.equal(JSON.parse((await f.cli('inspect', 'forker')).stdout)[0].HostConfig.PidsLimit, 5);
  await f.cli('rm', '-f', 'forker');
});

test('unknown image: exit 125 and one line', { skip }, async () => {
  const r = await f.cli('run', '--pull', 'never', 'nosuchimage', 'true');
  assert.equal(r.code, 125);
  assert.match(r.stderr, /^Error: No such image: nosuchimage[^\n]*\n$/);
  // By default it is pulled first, which fails: Docker's notice, then one error line.
  const pulled = await f.cli('run', 'nosuchimage', 'true');
  assert.equal(pulled.code, 125);
  assert.match(pulled.stderr, /^Unable to find image 'nosuchimage:latest' locally\nError: [^\n]*\n$/);
});

test('unknown capability or signal: Docker\'s message before anything is made', { skip }, async () => {
  const before = (await f.cli('ps', '-aq')).stdout;
  const add = await f.cli('run', '--cap-add', 'bogus', 'busybox', 'true');
  assert.equal(add.code, 125);
  assert.equal(add.stderr, 'Error: invalid CapAdd: unknown capability: "CAP_BOGUS"\n');
  const drop = await f.cli('create', '--cap-drop', 'CAP_nope', 'busybox', 'true');
  assert.equal(drop.code, 125);
  assert.equal(drop.stderr, 'Error: invalid CapDrop: unknown capability: "CAP_NOPE"\n');
  assert.equal((await f.cli('ps', '-aq')).stdout, before);
  const ok = await f.cli('run', '--rm', '--cap-drop', 'all', '--cap-add', 'cap_net_admin', 'busybox', 'true');
  assert.equal(ok.code, 0, ok.stderr);

  const id = (await f.cli('run', '-d', 'busybox', 'sleep', '60')).stdout.trim();
  const bogus = await f.cli('kill', '-s', 'BOGUS', id);
  assert.equal(bogus.code, 1);
  assert.equal(bogus.stderr, 'Error: invalid signal: BOGUS\n');
  assert.equal((await f.cli('inspect', '-f', '{{.State.Running}}', id)).stdout, 'true\n');
  const byNumber = await f.cli('kill', '-s', '15', id);
  assert.equal(byNumber.code, 0, byNumber.stderr);
  await f.cli('rm', '-f', id);
});

test('unknown container: exit 1 and one line, for every command', { skip }, async () => {
  for (const args of [['stop', 'ghost'], ['rm', 'ghost'], ['logs', 'ghost'], ['exec', 'ghost', 'true'], ['start', 'ghost'], ['kill', 'ghost'], ['wait', 'ghost'], ['top', 'ghost']]) {
    const r = await f.cli(...args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.stderr, 'Error: No such container: ghost\n', args.join(' '));
  }
});

test('bad flag values: exit 125 naming the flag; nothing created', { skip }, async () => {
  const before = (await f.cli('ps', '-aq')).stdout;
  const mem = await f.cli('run', '--memory', '12q', 'busybox', 'true');
  assert.equal(mem.code, 125);
  assert.match(mem.stderr, /^Error: invalid value "12q" for --memory: [^\n]*\n$/);
  const cpus = await f.cli('run', '--cpus', 'lots', 'busybox', 'true');
  assert.equal(cpus.code, 125);
  assert.match(cpus.stderr, /^Error: invalid value "lots" for --cpus/);
  const name = await f.cli('create', '--name', '-bad', 'busybox', 'true');
  assert.equal(name.code, 125);
  assert.match(name.stderr, /^Error: invalid container name "-bad"/);
  assert.equal((await f.cli('ps', '-aq')).stdout, before);
});

test('a name clash: exit 125, Docker message', { skip }, async () => {
  const id = (await f.cli('create', '--name', 'web', 'busybox', 'true')).stdout.trim();
  const r = await f.cli('run', '--name', 'web', 'busybox', 'true');
  assert.equal(r.code, 125);
  assert.equal(r.stderr,
    `Error: the container name "/web" is already in use by container ${id}; remove or rename that container, or choose another name\n`);
  await f.cli('rm', 'web');
});

test('a missing program exits 127, a non-executable 126, in run and exec', { skip }, async () => {
  const before = (await f.cli('ps', '-aq')).stdout;
  const missing = await f.cli('run', '--rm', 'busybox', 'nosuchprogram');
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /^Error: [^\n]*nosuchprogram[^\n]*not found[^\n]*\n$/);
  const dir = await f.cli('run', '--rm', 'busybox', '/etc');
  assert.equal(dir.code, 126);
  assert.equal(dir.stderr.split('\n').length, 2, dir.stderr);
  assert.equal((await f.cli('ps', '-aq')).stdout, before, '--rm removes a container that failed to start');
  const id = (await f.cli('run', '-d', 'busybox', 'sleep', '30')).stdout.trim();
  const exec = await f.cli('exec', id, 'nosuchprogram');
  assert.equal(exec.code, 127);
  assert.match(exec.stderr, /^Error: [^\n]*nosuchprogram[^\n]*\n$/);
  const stopped = await f.cli('run', '-d', 'busybox', 'true');
  await f.cli('wait', stopped.stdout.trim());
  const notRunning = await f.cli('exec', stopped.stdout.trim(), 'true');
  assert.equal(notRunning.code, 1);
  assert.match(notRunning.stderr, /^Error: container [0-9a-f]{64} is not running\n$/);
});
