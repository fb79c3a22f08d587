// What a Docker user's QA pass found: exec's statuses and messages, `top`
// without the helper and with ps options, --network host's hostname,
// inspect's restart fields and image comment, ./relative bind sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerFixture, eventually, skip } from './fixture.js';
import { runCli, startCli } from '../../../support/tscontain-cli.js';

const f = containerFixture();

test('exec: a missing workdir is 126 with one line naming it; missing program 127, not executable 126', { skip }, async () => {
  const id = (await f.cli('run', '-d', '--network', 'none', 'busybox', 'sleep', '1000')).stdout.trim();
  const cwd = await f.cli('exec', '-w', '/missing', id, 'true');
  assert.equal(cwd.code, 126, cwd.stderr);
  assert.equal(cwd.stderr, 'Error: working directory /missing does not exist in the container\n');
  assert.ok(!cwd.stderr.includes(f.env.root));
  const ok = await f.cli('exec', '-w', '/bin', id, 'pwd');
  assert.equal(ok.stdout, '/bin\n', ok.stderr);

  const missing = await f.cli('exec', id, 'nosuchprogram');
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /^Error: [^\n]*nosuchprogram[^\n]*executable file not found in \$PATH\n$/);
  assert.equal((await f.cli('exec', id, 'sh', '-c', 'echo x > /notexec')).code, 0);
  const notExec = await f.cli('exec', id, '/notexec');
  assert.equal(notExec.code, 126);
  assert.match(notExec.stderr, /^Error: [^\n]*\/notexec[^\n]*\n$/);
  await f.cli('rm', '-f', id);
});

test('setup errors name paths as the container sees them, never the store', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-qa-'));
  try {
    await writeFile(join(dir, 'file'), 'x');
    for (const args of [
      ['-v', `${join(dir, 'file')}:/etc`],
      ['-v', 'qavol:/bin/sh/x'],
      ['--tmpfs', '/bin/sh'],
      ['-u', 'nosuchuser'],
    ]) {
      const r = await f.cli('run', '--rm', '--network', 'none', ...args, 'busybox', 'true');
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, /^Error: [^\n]+\n$/, args.join(' '));
      assert.ok(!r.stderr.includes(f.env.root), `${args.join(' ')}: ${r.stderr}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('top: no helper process, no pids-limit slot taken by it, and ps options as Docker', { skip }, async () => {
  // The container's sleep and one exec'd program fill a limit of 2: nothing else may count.
  const id = (await f.cli('run', '-d', '--network', 'none', '--pids-limit', '2', 'busybox', 'sleep', '1000')).stdout.trim();
  const exec = startCli(['exec', id, 'sleep', '77'], f.env.env);
  let execErr = '';
  exec.stderr!.setEncoding('utf8').on('data', (d: string) => (execErr += d));
  try {
    const top = await eventually(async () => {
      const r = await f.cli('top', id);
      return r.stdout.includes('sleep 77') ? r : undefined;
    }, 10_000).catch(() => assert.fail(`the exec never showed in top: ${execErr}`));
    const lines = top.stdout.trim().split('\n');
    assert.deepEqual(lines[0]!.split(/\s+/), ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    assert.equal(lines.length, 3, top.stdout);
    assert.ok(!top.stdout.includes('tscontain-helper'), top.stdout);

    const ps = await f.cli('top', id, '-o', 'pid,comm,args');
    assert.equal(ps.code, 0, ps.stderr);
    const rows = ps.stdout.trim().split('\n');
    assert.deepEqual(rows[0]!.split(/\s+/), ['PID', 'COMMAND', 'COMMAND']);
    assert.deepEqual(rows.slice(1).map((r) => r.split(/\s+/).slice(1).join(' ')).sort(), ['sleep sleep 1000', 'sleep sleep 77']);

    const noPid = await f.cli('top', id, '-o', 'comm');
    assert.notEqual(noPid.code, 0);
    assert.match(noPid.stderr, /^Error: couldn't find the PID column[^\n]*\n$/);
  } finally {
    exec.kill();
    await f.cli('rm', '-f', id);
  }
});

test('--network host: the host\'s hostname unless -h is given', { skip }, async () => {
  const host = await f.cli('run', '--rm', '--network', 'host', 'busybox', 'hostname');
  assert.equal(host.code, 0, host.stderr);
  assert.equal(host.stdout, `${hostname()}\n`);
  const named = await f.cli('run', '--rm', '--network', 'host', '-h', 'qa-box', 'busybox', 'sh', '-c', 'hostname; echo $HOSTNAME');
  assert.equal(named.stdout, 'qa-box\nqa-box\n', named.stderr);
});

test('inspect: RestartCount and RestartPolicy; image inspect: Comment and Author', { skip }, async () => {
  const id = (await f.cli('create', '--network', 'none', 'busybox', 'true')).stdout.trim();
  const info = JSON.parse((await f.cli('inspect', id)).stdout)[0];
  assert.equal(info.RestartCount, 0);
  assert.deepEqual(info.HostConfig.RestartPolicy, { Name: 'no', MaximumRetryCount: 0 });
  assert.equal((await f.cli('inspect', '-f', '{{.HostConfig.RestartPolicy.Name}}', id)).stdout, 'no\n');

  const image = JSON.parse((await f.cli('image', 'inspect', 'busybox')).stdout)[0];
  assert.equal(image.Comment, '');
  assert.equal(image.Author, '');
  assert.equal((await f.cli('commit', '-m', 'a message', '-a', 'QA <qa@example.com>', id, 'qa-committed')).code, 0);
  const committed = JSON.parse((await f.cli('image', 'inspect', 'qa-committed')).stdout)[0];
  assert.equal(committed.Comment, 'a message');
  assert.equal(committed.Author, 'QA <qa@example.com>');
  await f.cli('rm', id);
  await f.cli('rmi', 'qa-committed');
});

test('bind sources ./x and --mount source=./x are the current directory\'s; a bare name is a volume', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-qa-'));
  try {
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'hello'), 'from the host\n');
    const inDir = (...args: string[]) => runCli(args, f.env.env, { cwd: dir });
    const v = await inDir('run', '--rm', '--network', 'none', '-v', './data:/data:ro', 'busybox', 'cat', '/data/hello');
    assert.equal(v.stdout, 'from the host\n', v.stderr);
    const m = await inDir('run', '--rm', '--network', 'none', '--mount', 'type=bind,source=./data,target=/d', 'busybox', 'cat', '/d/hello');
    assert.equal(m.stdout, 'from the host\n', m.stderr);
    const made = await inDir('run', '--rm', '--network', 'none', '-v', './made:/m', 'busybox', 'sh', '-c', 'echo new > /m/f');
    assert.equal(made.code, 0, made.stderr);
    assert.equal(await readFile(join(dir, 'made', 'f'), 'utf8'), 'new\n');
    const named = await inDir('run', '--rm', '--network', 'none', '-v', 'data:/data', 'busybox', 'ls', '/data');
    assert.equal(named.stdout, '', 'a bare name is an empty named volume');
    assert.match((await f.cli('volume', 'ls', '-q')).stdout, /^data$/m);
    await f.cli('volume', 'rm', 'data');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('/sys/fs/cgroup shows the container\'s own cgroup, read-only', { skip }, async () => {
  const v2 = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').some((l) => / \/sys\/fs\/cgroup [^-]* - cgroup2 /.test(l));
  const limit = v2 ? '/sys/fs/cgroup/memory.max' : '/sys/fs/cgroup/memory/memory.limit_in_bytes';
  const r = await f.cli('run', '--rm', '--network', 'none', '-m', '32m', 'busybox', 'sh', '-c',
    `cat ${limit}; echo 1 > ${limit} || echo refused`);
  assert.equal(r.stdout, `${32 * 1024 * 1024}\nrefused\n`, r.stderr);
  assert.match(r.stderr, /Read-only file system/);
});
