// run/create's Docker flags beyond the basics, with real containers:
// --label/--label-file, --stop-signal/--stop-timeout, --shm-size,
// --group-add, --security-opt, --device, --expose, --dns-search/--dns-option,
// --sysctl, --cidfile, --memory-reservation, --cpu-period/--cpu-quota.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

async function inspect(name: string): Promise<Record<string, any>> {
  const r = await f.cli('inspect', name);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}

test('--label and --label-file: inspect Config.Labels, ps --filter label=, image labels under container labels', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-labels-'));
  try {
    // An image with labels of its own, made by commit --change.
    assert.equal((await f.cli('create', '--name', 'lbase', 'busybox', 'true')).code, 0);
    const committed = await f.cli('commit', '--change', 'LABEL from.image=img over=image', 'lbase', 'labelled');
    assert.equal(committed.code, 0, committed.stderr);
    writeFileSync(join(dir, 'labels'), '# comment\n\nfile.key=file value\nover=file\n');
    const c = await f.cli('create', '--name', 'lab', '-l', 'a=1', '--label', 'flag', '--label-file', join(dir, 'labels'), '--label', 'over=flag', 'labelled', 'true');
    assert.equal(c.code, 0, c.stderr);
    const info = await inspect('lab');
    assert.deepEqual(info.Config.Labels, { 'from.image': 'img', over: 'flag', 'file.key': 'file value', a: '1', flag: '' });
    const byLabel = await f.cli('ps', '-a', '--filter', 'label=a=1', '--format', '{{.Names}} {{.Label "file.key"}}');
    assert.equal(byLabel.stdout, 'lab file value\n');
    const byKey = await f.cli('ps', '-a', '--filter', 'label=flag', '--format', '{{.Names}}');
    assert.equal(byKey.stdout, 'lab\n');
    assert.equal((await f.cli('ps', '-a', '--filter', 'label=a=2', '-q')).stdout, '');
    assert.deepEqual((await inspect('lbase')).Config.Labels, {});
    const bad = await f.cli('create', '--label', '=x', 'busybox', 'true');
    assert.equal(bad.code, 125);
    assert.match(bad.stderr, /^Error: invalid label "=x": the key is empty; use --label KEY=VALUE\n/);
    const noFile = await f.cli('create', '--label-file', join(dir, 'missing'), 'busybox', 'true');
    assert.equal(noFile.code, 125);
    assert.match(noFile.stderr, /^Error: cannot read label file /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await f.cli('rm', '-f', 'lab');
    await f.cli('rmi', 'labelled');
  }
});

test('--stop-signal and --stop-timeout: stop sends that signal and waits that long; inspect shows them', { skip }, async () => {
  // USR1 ends the trap's shell with 42: the stop signal reached it, not the KILL after the timeout.
  const r = await f.cli('run', '-d', '--name', 'stopsig', '--stop-signal', 'SIGUSR1', '--stop-timeout', '30', 'busybox',
    'sh', '-c', 'trap "exit 42" USR1; touch /ready; while true; do sleep 0.1; done');
  assert.equal(r.code, 0, r.stderr);
  const info = await inspect('stopsig');
  assert.equal(info.Config.StopSignal, 'SIGUSR1');
  assert.equal(info.Config.StopTimeout, 30);
  for (let i = 0; i < 100 && (await f.cli('exec', 'stopsig', 'test', '-e', '/ready')).code !== 0; i++);
  assert.equal((await f.cli('stop', 'stopsig')).code, 0);
  assert.equal((await inspect('stopsig')).State.ExitCode, 42);

  // A program that ignores TERM: --stop-timeout 1 kills it after about a second, not ten.
  assert.equal((await f.cli('run', '-d', '--name', 'stopquick', '--stop-timeout', '1', 'busybox', 'sleep', '600')).code, 0);
  const t0 = Date.now();
  assert.equal((await f.cli('stop', 'stopquick')).code, 0);
  const took = Date.now() - t0;
  assert.ok(took >= 900 && took < 6000, `stop took ${took} ms`);
  assert.equal((await inspect('stopquick')).State.ExitCode, 137);
  assert.equal((await inspect('stopquick')).Config.StopTimeout, 1);

  const badSig = await f.cli('create', '--stop-signal', 'SIGNOPE', 'busybox', 'true');
  assert.equal(badSig.code, 125);
  assert.equal(badSig.stderr, 'Error: invalid signal: SIGNOPE\n');
  const badTime = await f.cli('create', '--stop-timeout', 'soon', 'busybox', 'true');
  assert.equal(badTime.code, 125);
  assert.match(badTime.stderr, /^Error: invalid value "soon" for --stop-timeout/);
  await f.cli('rm', '-f', 'stopsig', 'stopquick');
});

test('--cidfile gets the ID; an existing file is refused before anything is created', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-cid-'));
  try {
    const file = join(dir, 'cid');
    const c = await f.cli('create', '--cidfile', file, 'busybox', 'true');
    assert.equal(c.code, 0, c.stderr);
    assert.equal(readFileSync(file, 'utf8'), c.stdout.trim());
    const before = (await f.cli('ps', '-aq')).stdout;
    const again = await f.cli('run', '--cidfile', file, 'busybox', 'true');
    assert.equal(again.code, 125);
    assert.match(again.stderr, /^Error: container ID file found, make sure the other container isn't running or delete /);
    assert.equal((await f.cli('ps', '-aq')).stdout, before);
    await f.cli('rm', '-f', c.stdout.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(!existsSync(dir));
});
