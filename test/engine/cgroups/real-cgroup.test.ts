// Real cgroups on this machine (root; cgroup v1 hybrid here, v2 elsewhere):
// limits land in the kernel's files, pids.max stops a fork bomb, the OOM
// killer is seen, stats move, and nothing is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeControl } from '../../../engine/cgroups/cgroup-fs.js';
import { createCgroupDriver } from '../../../engine/cgroups/create-driver.js';
import { CgroupError } from '../../../engine/errors.js';
import { StatsSampler } from '../../../engine/stats/stats-sampler.js';
import { pollUntil, realHost, skipUnless, startParked, testCgroup } from './real-cgroup-support.js';

const MiB = 1024 * 1024;
const v1 = typeof realHost !== 'string' && realHost.version === 1;

async function kernelValue(dir: string | undefined, file: string): Promise<string> {
  assert.ok(dir, `a directory for ${file}`);
  return (await readFile(join(dir, file), 'utf8')).trim();
}

test('limits read back from the kernel; removal leaves no directory in any hierarchy',
  { skip: skipUnless('memory', 'cpu', 'cpuset', 'pids') }, async (t) => {
    const { cgroup, warnings } = await testCgroup(t, {
      memory: 64 * MiB, memorySwap: 128 * MiB, nanoCpus: 500_000_000, cpuShares: 512, cpusetCpus: '0', pidsLimit: 20,
    });
    const at = cgroup.paths().byController;
    if (v1) {
      assert.equal(await kernelValue(at.memory, 'memory.limit_in_bytes'), String(64 * MiB));
      if (warnings.length === 0) assert.equal(await kernelValue(at.memory, 'memory.memsw.limit_in_bytes'), String(128 * MiB));
      assert.equal(await kernelValue(at.cpu, 'cpu.cfs_quota_us'), '50000');
      assert.equal(await kernelValue(at.cpu, 'cpu.cfs_period_us'), '100000');
      assert.equal(await kernelValue(at.cpu, 'cpu.shares'), '512');
      assert.notEqual(await kernelValue(at.cpuset, 'cpuset.mems'), '', 'memory nodes inherited');
    } else {
      assert.equal(await kernelValue(at.memory, 'memory.max'), String(64 * MiB));
      if (warnings.length === 0) assert.equal(await kernelValue(at.memory, 'memory.swap.max'), String(64 * MiB));
      assert.equal(await kernelValue(at.cpu, 'cpu.max'), '50000 100000');
      assert.equal(await kernelValue(at.cpu, 'cpu.weight'), '20');
    }
    assert.equal(await kernelValue(at.cpuset, 'cpuset.cpus'), '0');
    assert.equal(await kernelValue(at.pids, 'pids.max'), '20');

    await cgroup.remove();
    for (const dir of cgroup.paths().dirs) await assert.rejects(access(dir), `${dir} removed`);
  });

test('a value the kernel refuses is CGROUP_LIMIT_REJECTED and the half-made cgroup is undone',
  { skip: skipUnless('cpuset') }, async (t) => {
    if (typeof realHost === 'string') return;
    const driver = createCgroupDriver(realHost);
    const name = `test-refused-${process.pid}`;
    t.after(() => driver.open(name).remove().catch(() => undefined));
    await assert.rejects(driver.create(name, { cpusetCpus: '4000' }), (err) => {
      assert.ok(err instanceof CgroupError, String(err));
      assert.equal(err.code, 'CGROUP_LIMIT_REJECTED');
      assert.match(err.message, /cpuset\.cpus/);
      return true;
    });
    for (const dir of driver.open(name).paths().dirs) await assert.rejects(access(dir), `${dir} undone`);
  });

test('a process joins, is listed, keeps the cgroup busy, and killAll ends it',
  { skip: skipUnless('memory') }, async (t) => {
    const { cgroup, driver } = await testCgroup(t);
    const parked = startParked(t, 'exec sleep 30');
    await cgroup.addProcess(parked.child.pid!);
    assert.deepEqual(await cgroup.pids(), [parked.child.pid]);
    parked.go();
    assert.ok(await pollUntil(async () => (await cgroup.stats()).pids === 1, 2000));

    await assert.rejects(cgroup.remove(), (err) => err instanceof CgroupError && err.code === 'CGROUP_BUSY');
    await assert.rejects(driver.create(cgroup.name, {}), (err) => err instanceof CgroupError && err.code === 'CGROUP_EXISTS');

    assert.equal(await cgroup.killAll(), 1);
    const [, signal] = await parked.exited;
    assert.equal(signal, 'SIGKILL');
    assert.deepEqual(await cgroup.pids(), []);
    await cgroup.remove();
  });

test('pids.max caps a fork bomb: the count never passes the limit and forks fail',
  { skip: skipUnless('pids') }, async (t) => {
    const { cgroup } = await testCgroup(t, { pidsLimit: 10 });
    const pidsDir = cgroup.paths().byController.pids!;
    const bomb = startParked(t, 'for i in $(seq 50); do sleep 5 & done; wait');
    await cgroup.addProcess(bomb.child.pid!);
    bomb.go();
    let highest = 0;
    let finished = false;
    void bomb.exited.then(() => { finished = true; });
    // dash gives up at the first failed fork; its sleeps stay behind in the cgroup.
    while (!finished) {
      highest = Math.max(highest, (await cgroup.stats()).pids);
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(highest <= 10, `pids.current reached ${highest}`);
    if (existsSync(join(pidsDir, 'pids.peak'))) {
      assert.equal(await kernelValue(pidsDir, 'pids.peak'), '10', 'the kernel saw exactly the limit at the peak');
    }
    const refused = Number(/^max (\d+)/m.exec(await kernelValue(pidsDir, 'pids.events'))?.[1] ?? 0);
    assert.ok(refused >= 1, 'pids.events counts refused forks');
    assert.match(bomb.output(), /fork/i);
    assert.ok((await cgroup.pids()).length <= 10);
    assert.ok((await cgroup.killAll()) >= 1);
  });

test('the OOM killer ends a process over its memory limit, and memoryEvents reports it',
  { skip: skipUnless('memory') }, async (t) => {
    const { cgroup } = await testCgroup(t, { memory: 16 * MiB, memorySwap: 16 * MiB });
    // Writing every byte really allocates (a zeroed bytearray would only reserve address space).
    const hog = existsSync('/usr/bin/python3')
      ? 'exec /usr/bin/python3 -c "b = b\'x\' * (64 << 20); print(\'survived\')"'
      : 'head -c 100M /dev/zero | tail; echo survived';
    const parked = startParked(t, hog);
    await cgroup.addProcess(parked.child.pid!);
    assert.equal((await cgroup.memoryEvents()).oomKills ?? 0, 0);
    parked.go();
    await parked.exited;
    assert.doesNotMatch(parked.output(), /survived/);
    const events = await cgroup.memoryEvents();
    if (events.oomKills === undefined) assert.ok(events.limitHits > 0, 'an old kernel still counts hitting the limit');
    else assert.ok(events.oomKills >= 1, `oom kills: ${JSON.stringify(events)}`);
    assert.ok((await cgroup.stats()).memoryLimit === 16 * MiB);
  });

test('stats move: CPU time and CPU%, memory, network through the member pid',
  { skip: skipUnless('memory') }, async (t) => {
    const { cgroup } = await testCgroup(t, { memory: 64 * MiB });
    // Moving in does not move memory already charged: the shell allocates ~1 MB after it joined.
    const spinner = startParked(t, 'x=$(head -c 1000000 /dev/zero | tr "\\0" a); i=0; while :; do i=$((i+1)); done');
    await cgroup.addProcess(spinner.child.pid!);
    spinner.go();
    const sampler = new StatsSampler();
    const target = { id: cgroup.name, cgroup, pid: spinner.child.pid! };
    const first = await sampler.sample(target);
    await new Promise((r) => setTimeout(r, 300));
    const second = await sampler.sample(target);
    assert.ok(second.cpuUsageNs > first.cpuUsageNs);
    assert.ok(second.cpuPercent > 20 && second.cpuPercent < 110, `one busy shell: ${second.cpuPercent}%`);
    assert.ok(second.memoryUsed > 0);
    assert.equal(second.memoryLimit, 64 * MiB);
    assert.equal(second.pids, 1);
    assert.ok(second.netRx !== undefined && second.netTx !== undefined, 'net/dev read through the member');
  });

test('block I/O of the members is counted', { skip: skipUnless('blkio') ?? (v1 ? undefined : skipUnless('io')) }, async (t) => {
  const { cgroup } = await testCgroup(t);
  const dir = await mkdtemp(join(tmpdir(), 'tsc-cgroup-io-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  if (v1) {
    // Since Linux 6.9 blk-throttle sets up a disk, and counts v1 blkio.throttle.* bytes for it,
    // only once some cgroup has a throttle rule on it; a rule too high to ever bite is enough.
    const { dev } = await stat(dir);
    const device = `${Math.floor(dev / 256) & 0xfff}:${(dev & 0xff) | ((dev >> 12) & 0xfff00)}`;
    try {
      await writeControl(cgroup.paths().byController.blkio!, 'blkio.throttle.write_bps_device', `${device} 1099511627776`);
    } catch (err) {
      t.skip(`cannot set a throttle rule on ${device} (a partition or a virtual device?): ${(err as Error).message}`);
      return;
    }
  }
  const writer = startParked(t, `dd if=/dev/zero of=${dir}/f bs=64k count=16 oflag=direct 2>&1 && dd if=${dir}/f of=/dev/null bs=64k iflag=direct 2>&1`);
  await cgroup.addProcess(writer.child.pid!);
  writer.go();
  const [code] = await writer.exited;
  if (code !== 0) {
    t.skip(`direct I/O is not possible in ${dir}: ${writer.output().trim()}`);
    return;
  }
  const stats = await cgroup.stats();
  assert.ok(stats.blockWrite >= MiB, `written: ${stats.blockWrite}`);
  assert.ok(stats.blockRead >= MiB, `read: ${stats.blockRead}`);
});

// A hybrid host's v2 mount has (almost) no controllers, but it is a real v2
// hierarchy: enough to run the v2 driver's joining, listing, cgroup.kill and
// removal against the kernel rather than a fake tree.
const unified = typeof realHost !== 'string' && realHost.version === 1 ? realHost.unifiedMount : undefined;
test('v2 driver on the real unified hierarchy: join, list, cgroup.kill, remove',
  { skip: unified === undefined ? 'no v2 mount beside v1 here (the v2 host case runs in the tests above)' : false }, async (t) => {
    const controllers = (await readFile(join(unified!, 'cgroup.controllers'), 'utf8')).split(/\s+/).filter(Boolean);
    const driver = createCgroupDriver({ version: 2, mode: 'unified', root: unified!, controllers });
    const { cgroup } = await driver.create(`test-v2-${process.pid}`, {});
    t.after(async () => {
      await cgroup.killAll();
      await cgroup.remove();
    });
    const parked = startParked(t, 'exec sleep 30');
    await cgroup.addProcess(parked.child.pid!);
    assert.deepEqual(await cgroup.pids(), [parked.child.pid]);
    assert.ok((await cgroup.stats()).cpuUsageNs >= 0);
    await assert.rejects(cgroup.remove(), (err) => err instanceof CgroupError && err.code === 'CGROUP_BUSY');
    assert.equal(await cgroup.killAll(), 1);
    const [, signal] = await parked.exited;
    assert.equal(signal, 'SIGKILL');
    await cgroup.remove();
    await assert.rejects(access(cgroup.paths().dirs[0]!));
    await assert.rejects(cgroup.stats(), (err) => err instanceof CgroupError && err.code === 'CGROUP_NOT_FOUND');
  });
