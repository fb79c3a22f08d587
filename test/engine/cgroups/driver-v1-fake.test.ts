// The v1 driver against a fake hybrid /sys/fs/cgroup (cpu,cpuacct co-mounted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createCgroupDriver } from '../../../engine/cgroups/create-driver.js';
import { detectCgroups, type CgroupHostV1 } from '../../../engine/cgroups/detect.js';
import { CgroupError } from '../../../engine/errors.js';
import { hostMemTotal } from '../../../engine/stats/read-cgroup-stats.js';
import { fakeV1Tree, type FakeTree } from './fake-cgroup-tree.js';

const MiB = 1024 * 1024;

function hostOf(tree: FakeTree): CgroupHostV1 {
  const host = detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath });
  assert.equal(host.version, 1);
  return host as CgroupHostV1;
}

test('v1 create: one leaf per hierarchy, each limit in its controller, cpuset inherited', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const { cgroup, warnings } = await createCgroupDriver(hostOf(tree)).create('c1', {
    memory: 256 * MiB, memorySwap: 512 * MiB, nanoCpus: 500_000_000, cpuShares: 512, pidsLimit: 64,
  });
  assert.deepEqual(warnings, []);
  assert.equal(await tree.read('memory/tscontain/c1/memory.limit_in_bytes'), String(256 * MiB));
  assert.equal(await tree.read('memory/tscontain/c1/memory.memsw.limit_in_bytes'), String(512 * MiB));
  assert.equal(await tree.read('cpu,cpuacct/tscontain/c1/cpu.cfs_period_us'), '100000');
  assert.equal(await tree.read('cpu,cpuacct/tscontain/c1/cpu.cfs_quota_us'), '50000');
  assert.equal(await tree.read('cpu,cpuacct/tscontain/c1/cpu.shares'), '512');
  assert.equal(await tree.read('pids/tscontain/c1/pids.max'), '64');
  // A new v1 cpuset has no CPUs and no memory nodes: both come from the parent, which got them from the root.
  assert.equal(await tree.read('cpuset/tscontain/cpuset.cpus'), '0-3');
  assert.equal(await tree.read('cpuset/tscontain/cpuset.mems'), '0');
  assert.equal(await tree.read('cpuset/tscontain/c1/cpuset.cpus'), '0-3');
  assert.equal(await tree.read('cpuset/tscontain/c1/cpuset.mems'), '0');

  const paths = cgroup.paths();
  assert.equal(paths.version, 1);
  assert.equal(paths.byController.cpu, join(tree.root, 'cpu,cpuacct/tscontain/c1'));
  assert.equal(paths.byController.cpuacct, paths.byController.cpu);
  assert.equal(paths.dirs.length, 7, 'the co-mounted hierarchy is joined once');
  assert.equal(new Set(paths.dirs).size, paths.dirs.length);
  assert.ok(!paths.dirs.some((d) => d.includes('systemd') || d.includes('unified')));
});

test('v1 --cpuset-cpus replaces the inherited CPUs; mems still inherited', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  await createCgroupDriver(hostOf(tree)).create('c2', { cpusetCpus: '1-2' });
  assert.equal(await tree.read('cpuset/tscontain/c2/cpuset.cpus'), '1-2');
  assert.equal(await tree.read('cpuset/tscontain/c2/cpuset.mems'), '0');
});

test('v1 without memory.memsw.*: the swap limit becomes a warning', async (t) => {
  const tree = await fakeV1Tree({ swapAccounting: false });
  t.after(() => tree.cleanup());
  const { warnings } = await createCgroupDriver(hostOf(tree)).create('c3', { memory: 64 * MiB, memorySwap: 128 * MiB });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /swap accounting is off/);
  await assert.rejects(tree.read('memory/tscontain/c3/memory.memsw.limit_in_bytes'));
});

test('v1 without a pids hierarchy: --pids-limit is refused and nothing is left behind', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const host = hostOf(tree);
  delete host.mounts.pids;
  await assert.rejects(createCgroupDriver(host).create('c4', { pidsLimit: 5 }),
    (err) => err instanceof CgroupError && err.code === 'CGROUP_CONTROLLER_MISSING');
  for (const h of ['memory', 'freezer', 'blkio']) await assert.rejects(tree.read(`${h}/tscontain/c4`), `${h} leaf removed`);
});

test('v1 stats: cpuacct, memory minus inactive file, pids, blkio sums', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await createCgroupDriver(hostOf(tree)).create('c5', {});
  await tree.write('cpu,cpuacct/tscontain/c5/cpuacct.usage', '123456789\n');
  await tree.write('memory/tscontain/c5/memory.usage_in_bytes', `${50 * MiB}\n`);
  await tree.write('memory/tscontain/c5/memory.limit_in_bytes', `${128 * MiB}\n`);
  await tree.write('memory/tscontain/c5/memory.stat',
    `cache ${20 * MiB}\nrss ${30 * MiB}\ninactive_file ${1 * MiB}\ntotal_cache ${20 * MiB}\ntotal_inactive_file ${15 * MiB}\n`);
  await tree.write('pids/tscontain/c5/pids.current', '3\n');
  await tree.write('blkio/tscontain/c5/blkio.throttle.io_service_bytes', [
    '8:0 Read 4096', '8:0 Write 8192', '8:0 Sync 0', '8:0 Async 12288', '8:0 Discard 0', '8:0 Total 12288',
    '8:16 Read 1000', '8:16 Write 24', '8:16 Total 1024', 'Total 13312', '',
  ].join('\n'));
  assert.deepEqual(await cgroup.stats(), {
    cpuUsageNs: 123456789, memoryUsed: 35 * MiB, memoryLimit: 128 * MiB, pids: 3, blockRead: 5096, blockWrite: 8216,
  });
  // Without a throttle rule the throttle files read 0 on Linux >= 6.9; BFQ's count then.
  await tree.write('blkio/tscontain/c5/blkio.throttle.io_service_bytes', '8:0 Read 0\n8:0 Write 0\nTotal 0\n');
  await tree.write('blkio/tscontain/c5/blkio.bfq.io_service_bytes_recursive', '8:0 Read 700\n8:0 Write 300\n8:0 Total 1000\nTotal 1000\n');
  const bfq = await cgroup.stats();
  assert.deepEqual([bfq.blockRead, bfq.blockWrite], [700, 300]);
  // v1 says "unlimited" with a huge number: shown as the host's RAM.
  await tree.write('memory/tscontain/c5/memory.limit_in_bytes', '9223372036854771712\n');
  assert.equal((await cgroup.stats()).memoryLimit, await hostMemTotal());
});

test('v1 OOM kills from memory.oom_control; older kernels only count limit hits', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await createCgroupDriver(hostOf(tree)).create('c6', {});
  await tree.write('memory/tscontain/c6/memory.oom_control', 'oom_kill_disable 0\nunder_oom 0\noom_kill 3\n');
  await tree.write('memory/tscontain/c6/memory.failcnt', '5\n');
  await tree.write('memory/tscontain/c6/memory.memsw.failcnt', '9\n');
  assert.deepEqual(await cgroup.memoryEvents(), { oomKills: 3, limitHits: 9 });
  await tree.write('memory/tscontain/c6/memory.oom_control', 'oom_kill_disable 0\nunder_oom 0\n');
  assert.deepEqual(await cgroup.memoryEvents(), { oomKills: undefined, limitHits: 9 });
});

test('v1 remove: busy with members, otherwise every hierarchy\'s leaf goes', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await createCgroupDriver(hostOf(tree)).create('c7', {});
  await tree.write('memory/tscontain/c7/cgroup.procs', '4242\n');
  await assert.rejects(cgroup.remove(), (err) => err instanceof CgroupError && err.code === 'CGROUP_BUSY');
  // Fake leaves hold the files the test or the cpuset copy wrote; the kernel's rmdir ignores control files.
  await rm(join(tree.root, 'memory/tscontain/c7/cgroup.procs'));
  await rm(join(tree.root, 'cpuset/tscontain/c7/cpuset.cpus'));
  await rm(join(tree.root, 'cpuset/tscontain/c7/cpuset.mems'));
  await cgroup.remove();
  for (const dir of cgroup.paths().dirs) await assert.rejects(access(dir), dir);
});
