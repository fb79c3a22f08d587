// What a program sees inside a container: its own pid namespace, hostname,
// mount table, fds, capabilities, user, environment and /etc files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

test('the program is pid 1 with its own hostname, and the image Env and -e reach it', { skip }, async () => {
  const r = await f.cli('run', '--rm', '--hostname', 'box', '-e', 'GREETING=hi', 'busybox',
    'sh', '-c', 'echo pid=$$; hostname; echo $FROM_IMAGE $GREETING; cat /etc/hostname; grep box /etc/hosts');
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  // On the default bridge network, as in Docker, the hostname names the container's address.
  assert.match(r.stdout, /^pid=1\nbox\nyes hi\nbox\n10\.213\.\d+\.\d+\tbox\n$/);
});

test('mount table: an overlay root, nothing of the host; the host sees no container mount', { skip }, async () => {
  const id = (await f.cli('run', '-d', 'busybox', 'sleep', '30')).stdout.trim();
  const mounts = await f.cli('exec', id, 'cat', '/proc/self/mountinfo');
  assert.equal(mounts.code, 0, mounts.stderr);
  assert.match(mounts.stdout, / \/ \S+ .* - overlay /);
  assert.doesNotMatch(mounts.stdout, /\/work|tsc-env-/);
  assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(id), 'the overlay leaked into the host mount table');
});

test('no host fds: only 0, 1 and 2 are open at exec', { skip }, async () => {
  // The shell's own fds (a second command keeps sh from exec'ing ls, which opens one more).
  const r = await f.cli('run', '--rm', 'busybox', 'sh', '-c', 'ls /proc/$$/fd; true');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split(/\s+/), ['0', '1', '2']);
});

test('capabilities: Docker default set, --cap-drop ALL, --cap-add, --privileged', { skip }, async () => {
  const capEff = async (...flags: string[]) => {
    const r = await f.cli('run', '--rm', ...flags, 'busybox', 'grep', 'CapEff', '/proc/self/status');
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split(/\s+/)[1];
  };
  assert.equal(await capEff(), '00000000a80425fb');
  assert.equal(await capEff('--cap-drop', 'ALL'), '0000000000000000');
  assert.equal(await capEff('--cap-drop', 'ALL', '--cap-add', 'NET_ADMIN'), '0000000000001000');
  assert.notEqual(await capEff('--privileged'), '00000000a80425fb');
  const nonRoot = await capEff('-u', 'app');
  assert.equal(nonRoot, '0000000000000000');
});

test('users resolve through the image /etc/passwd and /etc/group; -w sets the cwd', { skip }, async () => {
  const r = await f.cli('run', '--rm', '-u', 'app', '-w', '/home/app', 'busybox', 'sh', '-c', 'id; pwd; echo $HOME');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'uid=1000(app) gid=1000(app) groups=1000(app)\n/home/app\n/home/app\n');
  const g = await f.cli('run', '--rm', '-u', '1000:nogroup', 'busybox', 'id');
  assert.equal(g.stdout, 'uid=1000(app) gid=65534(nogroup) groups=65534(nogroup)\n');
  const unknown = await f.cli('run', '--rm', '-u', 'ghost', 'busybox', 'id');
  assert.equal(unknown.code, 125);
  assert.match(unknown.stderr, /^Error: unable to find user ghost: no matching entries in the container's passwd file\n$/);
});

test('--read-only makes the root read-only; /etc/resolv.conf is written for the container', { skip }, async () => {
  const ro = await f.cli('run', '--rm', '--read-only', 'busybox', 'touch', '/x');
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /Read-only file system/);
  const resolv = await f.cli('run', '--rm', 'busybox', 'cat', '/etc/resolv.conf');
  assert.equal(resolv.code, 0);
  assert.doesNotMatch(resolv.stdout, /nameserver 127\./);
});
