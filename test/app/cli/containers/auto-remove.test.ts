// --rm without a daemon: the container's monitor removes it when it ends,
// so `run -d --rm` disappears with no further tscontain command, and a
// foreground `run --rm` returns with the container already gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { containerFixture, eventually, skip } from './fixture.js';

const f = containerFixture();

function cgroupDirs(id: string): string[] {
  return readdirSync('/sys/fs/cgroup')
    .map((hierarchy) => join('/sys/fs/cgroup', hierarchy, 'tscontain', id))
    .filter((dir) => existsSync(dir));
}

test('run -d --rm: the monitor removes the directory and cgroups when the program exits', { skip }, async () => {
  const run = await f.cli('run', '-d', '--rm', 'busybox', 'sleep', '1');
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  const dir = join(f.env.root, 'containers', id);
  assert.ok(existsSync(dir), 'the directory exists while it runs');
  assert.ok(cgroupDirs(id).length > 0, 'so do its cgroups');
  // No tscontain command runs meanwhile: only the file system is watched.
  await eventually(async () => !existsSync(dir), 10_000);
  assert.deepEqual(cgroupDirs(id), []);
  const ps = await f.cli('ps', '-a', '-q', '--no-trunc');
  assert.ok(!ps.stdout.includes(id), ps.stdout);
});

test('run -d --rm of a program that ends at once still prints its ID and leaves nothing', { skip }, async () => {
  const run = await f.cli('run', '-d', '--rm', 'busybox', 'true');
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  await eventually(async () => !existsSync(join(f.env.root, 'containers', id)), 10_000);
  assert.deepEqual(cgroupDirs(id), []);
});

test('run --rm in the foreground: output, exit code, and nothing left when it returns', { skip }, async () => {
  const run = await f.cli('run', '--rm', '--name', 'gone', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3');
  assert.equal(run.code, 3);
  assert.equal(run.stdout, 'out\n');
  assert.equal(run.stderr, 'err\n');
  assert.deepEqual(readdirSync(join(f.env.root, 'containers')).filter((n) => /^[0-9a-f]{64}$/.test(n)), []);
  const ps = await f.cli('ps', '-a');
  assert.ok(!ps.stdout.includes('gone'), ps.stdout);
});

test('rm -f of a running --rm container is quick and leaves nothing', { skip }, async () => {
  const run = await f.cli('run', '-d', '--rm', '--name', 'longrm', 'busybox', 'sleep', '60');
  const id = run.stdout.trim();
  const start = Date.now();
  const rm = await f.cli('rm', '-f', 'longrm');
  assert.equal(rm.code, 0, rm.stderr);
  assert.ok(Date.now() - start < 5000, `rm -f took ${Date.now() - start} ms`);
  await eventually(async () => !existsSync(join(f.env.root, 'containers', id)), 10_000);
  assert.deepEqual(cgroupDirs(id), []);
});
