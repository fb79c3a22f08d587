// pause/unpause with real containers and the host's real freezer (v1 here,
// v2 elsewhere): a counting container stops counting while paused; ps and
// inspect say so; exec and attach are refused; stop, kill and rm -f of a
// paused container work; commit pauses a running container unless --pause=false.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, eventually, skip } from './fixture.js';
import { StoreLayout } from '../../../../engine/store/layout.js';
import { commitImage } from '../../../../engine/images/commit-image.js';
import { containerCgroup } from '../../../../engine/containers/cgroups.js';

const f = containerFixture();

const inspect = async (name: string) => JSON.parse((await f.cli('inspect', name)).stdout)[0];
const COUNTER = 'i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done';

async function lines(name: string): Promise<number> {
  return (await f.cli('logs', name)).stdout.split('\n').filter(Boolean).length;
}

test('pause freezes every process; ps/inspect show it; exec refused; unpause resumes', { skip }, async () => {
  const run = await f.cli('run', '-d', '--name', 'counter', 'busybox', 'sh', '-c', COUNTER);
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  await eventually(async () => (await lines('counter')) > 2);

  const pause = await f.cli('pause', 'counter');
  assert.equal(pause.code, 0, pause.stderr);
  assert.equal(pause.stdout, 'counter\n');
  assert.equal(await containerCgroup(id).frozen(), true, 'the kernel freezer says frozen');
  const before = await lines('counter');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await lines('counter'), before, 'no output while paused');

  const info = await inspect('counter');
  assert.equal(info.State.Status, 'paused');
  assert.equal(info.State.Paused, true);
  assert.equal(info.State.Running, true);
  assert.match((await f.cli('ps')).stdout, /Up .* \(Paused\)\s+counter$/m);
  assert.equal(JSON.parse((await f.cli('ps', '--format', 'json')).stdout.trim()).State, 'paused');

  const again = await f.cli('pause', 'counter');
  assert.equal(again.code, 1);
  assert.equal(again.stderr, `Error: Container ${id} is already paused\n`);
  const exec = await f.cli('exec', 'counter', 'true');
  assert.notEqual(exec.code, 0);
  assert.equal(exec.stderr, `Error: Container ${id} is paused, unpause the container before exec\n`);
  const attach = await f.cli('attach', 'counter');
  assert.match(attach.stderr, /^Error: you cannot attach to a paused container, unpause it first\n/);
  const start = await f.cli('start', 'counter');
  assert.match(start.stderr, /^Error: cannot start a paused container, try unpause instead\n/);
  const rm = await f.cli('rm', 'counter');
  assert.notEqual(rm.code, 0);
  assert.match(rm.stderr, /^Error: cannot remove container "\/counter": container is paused/);

  const unpause = await f.cli('unpause', 'counter');
  assert.equal(unpause.code, 0, unpause.stderr);
  assert.equal(unpause.stdout, 'counter\n');
  assert.equal(await containerCgroup(id).frozen(), false);
  await eventually(async () => (await lines('counter')) > before + 2);
  assert.equal((await inspect('counter')).State.Status, 'running');
  assert.equal((await inspect('counter')).State.Paused, false);
  const notPaused = await f.cli('unpause', 'counter');
  assert.equal(notPaused.stderr, `Error: Container ${id} is not paused\n`);

  await f.cli('rm', '-f', 'counter');
  const stopped = await f.cli('run', '-d', '--name', 'idle', 'busybox', 'true');
  await eventually(async () => (await inspect('idle')).State.Status === 'exited');
  const pauseExited = await f.cli('pause', 'idle');
  assert.match(pauseExited.stderr, /^Error: Container [0-9a-f]{64} is not running\n/);
  void stopped;
});

test('stop, kill and rm -f of a paused container work (thawed as Docker does)', { skip }, async () => {
  for (const [name, action] of [['p-stop', ['stop', '-t', '1']], ['p-kill', ['kill']], ['p-term', ['kill', '-s', 'TERM']]] as const) {
    // trap makes TERM end it, so "kill -s TERM" shows the signal was delivered after the thaw.
    const run = await f.cli('run', '-d', '--name', name, 'busybox', 'sh', '-c', "trap 'exit 3' TERM; while true; do sleep 0.1; done");
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await f.cli('pause', name)).code, 0);
    const result = await f.cli(...action, name);
    assert.equal(result.code, 0, `${action.join(' ')}: ${result.stderr}`);
    const info = await eventually(async () => {
      const i = await inspect(name);
      return i.State.Status === 'exited' && i;
    }, 10_000);
    assert.equal(info.State.Paused, false);
    assert.equal(info.State.ExitCode, name === 'p-kill' ? 137 : 3, name);
  }
  const run = await f.cli('run', '-d', '--name', 'p-rm', 'busybox', 'sleep', '60');
  assert.equal((await f.cli('pause', 'p-rm')).code, 0);
  const rm = await f.cli('rm', '-f', 'p-rm');
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal((await f.cli('ps', '-aq', '--no-trunc')).stdout.includes(run.stdout.trim()), false);
});

test('commit pauses a running container while reading it; --pause=false does not', { skip }, async () => {
  const run = await f.cli('run', '-d', '--name', 'busy', 'busybox', 'sh', '-c', 'echo data > /made; exec sleep 60');
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  await eventually(async () => (await f.cli('exec', 'busy', 'cat', '/made')).stdout === 'data\n');
  const layout = new StoreLayout(f.env.root);
  for (const pause of [true, false]) {
    let frozenWhileArchiving: Promise<boolean> | undefined;
    const image = await commitImage(layout, {
      container: 'busy', reference: `snap:${pause}`, pause,
      onEvent: (e) => {
        if (e.type === 'archiving') frozenWhileArchiving = containerCgroup(id).frozen();
      },
    });
    assert.ok(image.id);
    assert.equal(await frozenWhileArchiving, pause, `frozen during commit with pause=${pause}`);
    assert.equal(await containerCgroup(id).frozen(), false, 'running again afterwards');
    assert.equal((await inspect('busy')).State.Status, 'running');
  }
  // Through the CLI: -p is the default, --pause=false parses, and a paused container stays paused.
  assert.equal((await f.cli('commit', '--pause=false', 'busy', 'snap:cli')).code, 0);
  assert.equal((await f.cli('pause', 'busy')).code, 0);
  const c = await f.cli('commit', 'busy', 'snap:paused');
  assert.equal(c.code, 0, c.stderr);
  assert.equal((await inspect('busy')).State.Status, 'paused');
  const seen = await f.cli('run', '--rm', 'snap:paused', 'cat', '/made');
  assert.equal(seen.stdout, 'data\n');
});
