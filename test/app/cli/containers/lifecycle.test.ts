// Each command's lifecycle with real containers: run -d, ps, exec, stop,
// start, restart, kill, wait, rename, logs, inspect, top, stats, rm, prune,
// and what happens when the CLI or the monitor goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerFixture, eventually, skip } from './fixture.js';

const f = containerFixture();

const inspect = async (name: string) => JSON.parse((await f.cli('inspect', name)).stdout)[0];

/** Everything `rm` must leave behind: nothing. */
function leftovers(root: string, id: string): string[] {
  const found: string[] = [];
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const dir = join('/sys/fs/cgroup', hierarchy, 'tscontain', id);
    if (existsSync(dir)) found.push(dir);
  }
  if (existsSync(join(root, 'containers', id))) found.push('container dir');
  if (readFileSync('/proc/self/mountinfo', 'utf8').includes(id)) found.push('mount');
  return found;
}

test('run -d survives the CLI; ps, exec, top, stats, inspect see it; stop/start/restart/kill/wait', { skip }, async () => {
  const run = await f.cli('run', '-d', '--name', 'web', 'busybox', 'sh', '-c', 'echo started; exec sleep 60');
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);

  const ps = await f.cli('ps');
  assert.match(ps.stdout, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\n/);
  assert.match(ps.stdout, new RegExp(`^${id.slice(0, 12)}\\s+busybox\\s+"sh -c echo started;…"\\s+.* ago\\s+Up .*\\s+web$`, 'm'));
  const json = JSON.parse((await f.cli('ps', '--format', 'json')).stdout.trim());
  assert.equal(json.Names, 'web');
  assert.equal(json.State, 'running');

  const exec = await f.cli('exec', '-e', 'X=1', 'web', 'sh', '-c', 'echo $X $FROM_IMAGE; exit 7');
  assert.equal(exec.stdout, '1 yes\n');
  assert.equal(exec.code, 7);

  const top = await f.cli('top', 'web');
  assert.match(top.stdout, /^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD\n/);
  assert.match(top.stdout, /root\s+\d+\s+\d+\s+\d+\s+\S+\s+\?\s+\d\d:\d\d:\d\d\s+sleep 60/);

  const stats = await f.cli('stats', '--no-stream', '--format', 'json', 'web');
  assert.equal(stats.code, 0, stats.stderr);
  const s = JSON.parse(stats.stdout.trim());
  assert.equal(s.Name, 'web');
  assert.equal(s.PIDs, '1');
  assert.match(s.MemUsage, /iB \/ /);
  assert.match(s.CPUPerc, /^\d+\.\d\d%$/);
  const table = await f.cli('stats', '--no-stream');
  assert.match(table.stdout, /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\n/);

  const info = await inspect('web');
  assert.equal(info.Id, id);
  assert.equal(info.Name, '/web');
  assert.equal(info.State.Status, 'running');
  assert.ok(info.State.Pid > 0);
  assert.deepEqual(info.Config.Cmd, ['sh', '-c', 'echo started; exec sleep 60']);
  assert.equal(info.Config.Image, 'busybox');

  // sleep as pid 1 ignores SIGTERM: stop falls back to SIGKILL after -t.
  const stop = await f.cli('stop', '-t', '1', 'web');
  assert.equal(stop.stdout, 'web\n');
  assert.match((await f.cli('ps', '-a')).stdout, /Exited \(137\) .* ago\s+web/);
  assert.equal((await f.cli('ps', '-q')).stdout, '');

  assert.equal((await f.cli('start', 'web')).code, 0);
  assert.equal((await inspect('web')).State.Status, 'running');
  assert.equal((await f.cli('restart', '-t', '0', 'web')).code, 0);
  assert.equal((await inspect('web')).State.Running, true);
  const logs = await f.cli('logs', 'web');
  assert.equal(logs.stdout, 'started\nstarted\nstarted\n');

  const waiter = f.cli('wait', 'web');
  assert.equal((await f.cli('kill', '-s', 'KILL', 'web')).stdout, 'web\n');
  assert.equal((await waiter).stdout, '137\n');
  const killAgain = await f.cli('kill', 'web');
  assert.equal(killAgain.code, 1);
  assert.match(killAgain.stderr, /^Error: container web is not running\n$/);
});

test('rename, rm of a running container needs -f, and rm leaves nothing behind', { skip }, async () => {
  const id = (await f.cli('run', '-d', '--name', 'old', 'busybox', 'sleep', '60')).stdout.trim();
  assert.equal((await f.cli('rename', 'old', 'new')).code, 0);
  assert.equal((await inspect('new')).Name, '/new');
  const refused = await f.cli('rm', 'new');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: cannot remove container "\/new": container is running; stop the container before removing or force remove\n$/);
  assert.ok(existsSync(join(f.env.root, 'containers', id, 'attach.sock')));
  const rm = await f.cli('rm', '-f', id.slice(0, 10));
  assert.equal(rm.code, 0, rm.stderr);
  assert.deepEqual(leftovers(f.env.root, id), []);
});

test('logs: --tail, -t, --since and -f follow until the container exits', { skip }, async () => {
  const id = (await f.cli('run', '-d', 'busybox', 'sh', '-c', 'echo one; echo two >&2; echo three; sleep 1; echo four')).stdout.trim();
  const follow = await f.cli('logs', '-f', id);
  assert.equal(follow.code, 0);
  assert.equal(follow.stdout, 'one\nthree\nfour\n');
  assert.equal(follow.stderr, 'two\n');
  // stdout and stderr are separate pipes, so only the order within a stream is certain.
  assert.equal((await f.cli('logs', '--tail', '1', id)).stdout, 'four\n');
  assert.equal((await f.cli('logs', '--tail', '0', id)).stdout, '');
  const stamped = (await f.cli('logs', '-t', '--tail', '1', id)).stdout;
  assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z four\n$/);
  assert.equal((await f.cli('logs', '--since', '1h', id)).stdout, 'one\nthree\nfour\n');
  assert.equal((await f.cli('logs', '--since', new Date(Date.now() + 60_000).toISOString(), id)).stdout, '');
});

test('foreground run returns the exit code; --rm removes it; -d --rm goes once seen exited', { skip }, async () => {
  const r = await f.cli('run', '--name', 'fg', '--rm', 'busybox', 'sh', '-c', 'echo out; exit 42');
  assert.equal(r.code, 42);
  assert.equal(r.stdout, 'out\n');
  assert.equal((await f.cli('inspect', 'fg')).code, 1);
  const d = (await f.cli('run', '-d', '--rm', 'busybox', 'true')).stdout.trim();
  await eventually(async () => !(await f.cli('ps', '-aq', '--no-trunc')).stdout.includes(d));
  assert.deepEqual(leftovers(f.env.root, d), []);
});

test('a killed monitor is noticed: ps -a shows Exited (137) and the container is gone', { skip }, async () => {
  const id = (await f.cli('run', '-d', 'busybox', 'sleep', '60')).stdout.trim();
  const state = JSON.parse(readFileSync(join(f.env.root, 'containers', id, 'state.json'), 'utf8'));
  // The monitor is a process this test started (through the CLI and the helper).
  process.kill(state.monitorPid, 'SIGKILL');
  const ps = await eventually(async () => {
    const out = (await f.cli('ps', '-a')).stdout;
    return out.includes('Exited (137)') && out;
  });
  assert.match(ps, new RegExp(`^${id.slice(0, 12)}.*Exited \\(137\\)`, 'm'));
  assert.equal((await inspect(id)).State.Error, 'the container monitor exited unexpectedly');
  await eventually(async () => {
    try {
      process.kill(state.pid, 0);
      return false;
    } catch {
      return true;
    }
  });
});

test('create then start; container prune removes the stopped ones only', { skip }, async () => {
  const created = (await f.cli('create', '--name', 'later', 'busybox', 'echo', 'hello')).stdout.trim();
  assert.match((await f.cli('ps', '-a')).stdout, /Created\s+later/);
  const started = await f.cli('start', '-a', 'later');
  assert.equal(started.stdout, 'hello\n');
  assert.equal(started.code, 0);
  const running = (await f.cli('run', '-d', 'busybox', 'sleep', '60')).stdout.trim();
  const prune = await f.cli('container', 'prune', '-f');
  assert.equal(prune.code, 0);
  assert.match(prune.stdout, new RegExp(`^Deleted Containers:\\n(.+\\n)*${created}\\n(.+\\n)*\\nTotal reclaimed space: \\d`));
  assert.ok(!prune.stdout.includes(running));
  assert.deepEqual(leftovers(f.env.root, created), []);
  assert.equal((await f.cli('ps', '-q', '--no-trunc')).stdout, `${running}\n`);
});
