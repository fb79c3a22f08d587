// The v2 driver against a fake /sys/fs/cgroup: which files it writes, in
// which cgroup, and how it reads them back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { createCgroupDriver } from '../../../engine/cgroups/create-driver.js';
import { detectCgroups } from '../../../engine/cgroups/detect.js';
import { CgroupError, UsageError } from '../../../engine/errors.js';
import { hostMemTotal } from '../../../engine/stats/read-cgroup-stats.js';
import { fakeV2Tree, type FakeTree } from './fake-cgroup-tree.js';

const MiB = 1024 * 1024;

async function driverFor(tree: FakeTree) {
  return createCgroupDriver(detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath }));
}

test('v2 create: controllers delegated through the parent, limits in the leaf', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const driver = await driverFor(tree);
  const { cgroup, warnings } = await driver.create('c1', {
    memory: 256 * MiB, memorySwap: 512 * MiB, nanoCpus: 1_500_000_000, cpuShares: 1024, cpusetCpus: '0-1', pidsLimit: 64,
  });
  assert.deepEqual(warnings, []);
  // The root already had cpu and memory: only the missing ones are written.
  assert.equal(await tree.read('cgroup.subtree_control'), '+cpuset +io +pids');
  assert.equal(await tree.read('tscontain/cgroup.subtree_control'), '+cpu +cpuset +io +memory +pids');
  const leaf = (file: string) => tree.read(`tscontain/c1/${file}`);
  assert.equal(await leaf('memory.max'), String(256 * MiB));
  assert.equal(await leaf('memory.swap.max'), String(256 * MiB));
  assert.equal(await leaf('cpu.max'), '150000 100000');
  assert.equal(await leaf('cpu.weight'), '39');
  assert.equal(await leaf('cpuset.cpus'), '0-1');
  assert.equal(await leaf('pids.max'), '64');
  // The leaf holds the processes, so it must never enable controllers below itself.
  await assert.rejects(access(join(tree.root, 'tscontain/c1/cgroup.subtree_control')));
  assert.deepEqual(cgroup.paths().dirs, [join(tree.root, 'tscontain/c1')]);
  assert.equal(cgroup.paths().version, 2);
  assert.equal(cgroup.paths().byController.memory, join(tree.root, 'tscontain/c1'));
});

test('v2 stats and OOM events are parsed from the leaf', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await (await driverFor(tree)).create('c2', {});
  await tree.write('tscontain/c2/cpu.stat', 'usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\n');
  await tree.write('tscontain/c2/memory.current', `${100 * MiB}\n`);
  await tree.write('tscontain/c2/memory.max', `${256 * MiB}\n`);
  await tree.write('tscontain/c2/memory.stat', `anon ${60 * MiB}\nfile ${40 * MiB}\nactive_file ${10 * MiB}\ninactive_file ${30 * MiB}\n`);
  await tree.write('tscontain/c2/pids.current', '7\n');
  await tree.write('tscontain/c2/io.stat',
    '8:0 rbytes=1048576 wbytes=4096 rios=10 wios=1 dbytes=0 dios=0\n259:0 rbytes=1024 wbytes=2048 rios=1 wios=1 dbytes=0 dios=0\n');
  await tree.write('tscontain/c2/memory.events', 'low 0\nhigh 0\nmax 12\noom 2\noom_kill 2\noom_group_kill 0\n');
  assert.deepEqual(await cgroup.stats(), {
    cpuUsageNs: 2_500_000_000, memoryUsed: 70 * MiB, memoryLimit: 256 * MiB, pids: 7,
    blockRead: 1048576 + 1024, blockWrite: 4096 + 2048,
  });
  assert.deepEqual(await cgroup.memoryEvents(), { oomKills: 2, limitHits: 12 });
  await tree.write('tscontain/c2/memory.max', 'max\n');
  assert.equal((await cgroup.stats()).memoryLimit, await hostMemTotal());
});

test('v2 stats of a removed cgroup: CGROUP_NOT_FOUND', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const cgroup = (await driverFor(tree)).open('never-made');
  await assert.rejects(cgroup.stats(), (err) => err instanceof CgroupError && err.code === 'CGROUP_NOT_FOUND');
});

test('v2: a limit whose controller the host lacks is refused before anything is written, and the leaf is undone', async (t) => {
  const tree = await fakeV2Tree('cpu memory');
  t.after(() => tree.cleanup());
  const driver = await driverFor(tree);
  await assert.rejects(driver.create('c3', { memory: 64 * MiB, pidsLimit: 10 }), (err) => {
    assert.ok(err instanceof CgroupError);
    assert.equal(err.code, 'CGROUP_CONTROLLER_MISSING');
    assert.match(err.message, /pids/);
    return true;
  });
  await assert.rejects(access(join(tree.root, 'tscontain/c3')), 'no leaf left behind');
});

test('v2: no memory.swap.max (swap accounting off) is a warning, memory is still limited', async (t) => {
  const bare = await fakeV2Tree();
  t.after(() => bare.cleanup());
  await rm(join(bare.root, 'tscontain/memory.swap.max'));
  const { warnings } = await (await driverFor(bare)).create('c4', { memory: 64 * MiB, memorySwap: 128 * MiB });
  assert.equal(warnings.length, 1);
  assert.equal(await bare.read('tscontain/c4/memory.max'), String(64 * MiB));
});

test('v2 remove: busy while members remain, gone afterwards', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await (await driverFor(tree)).create('c5', {});
  await tree.write('tscontain/c5/cgroup.procs', '4242\n');
  await assert.rejects(cgroup.remove(), (err) => {
    assert.ok(err instanceof CgroupError);
    assert.equal(err.code, 'CGROUP_BUSY');
    assert.equal(err.fields.pids, '4242');
    return true;
  });
  await rm(join(tree.root, 'tscontain/c5/cgroup.procs'));
  await cgroup.remove();
  await assert.rejects(access(join(tree.root, 'tscontain/c5')));
  await cgroup.remove(); // removing twice is fine
});

test('v2 create refuses a leftover cgroup that still has processes', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  await tree.write('tscontain/c6/cgroup.procs', '4242\n');
  await assert.rejects((await driverFor(tree)).create('c6', {}),
    (err) => err instanceof CgroupError && err.code === 'CGROUP_EXISTS');
});

test('names that could leave the parent are refused', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const driver = await driverFor(tree);
  for (const name of ['..', '../x', 'a/b', '', '.hidden', 'x'.repeat(200)]) {
    assert.throws(() => driver.open(name), UsageError, name);
  }
});

test('v2 killAll: cgroup.kill for SIGKILL, a signal per member otherwise', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await (await driverFor(tree)).create('c7', {});
  // A process this test started, listed in the fake cgroup.procs: the only pid ever signalled.
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  t.after(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  await tree.write('tscontain/c7/cgroup.procs', `${child.pid}\n`);
  assert.deepEqual(await cgroup.pids(), [child.pid]);
  assert.equal(await cgroup.killAll('SIGTERM'), 1);
  const [, signal] = await once(child, 'exit');
  assert.equal(signal, 'SIGTERM');
  await tree.write('tscontain/c7/cgroup.procs', '');
  await tree.write('tscontain/c7/cgroup.kill', '');
  assert.equal(await cgroup.killAll(), 0);
  assert.equal(await tree.read('tscontain/c7/cgroup.kill'), '1');
});
