// --memory-reservation and --cpu-period/--cpu-quota: parsing and the files
// each cgroup version gets, v2 checked on a fake /sys/fs/cgroup tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planV1Limits, planV2Limits } from '../../../engine/cgroups/limit-files.js';
import { parseLimits } from '../../../engine/cgroups/parse-limits.js';
import { createCgroupDriver } from '../../../engine/cgroups/create-driver.js';
import { detectCgroups } from '../../../engine/cgroups/detect.js';
import { UsageError } from '../../../engine/errors.js';
import { fakeV2Tree } from './fake-cgroup-tree.js';

const MiB = 1024 * 1024;
const host = { onlineCpus: [0, 1] };
const files = (plan: { writes: { file: string; value: string }[] }) => plan.writes.map((w) => [w.file, w.value]);

test('parse: reservation, period and quota; Docker\'s refusals', () => {
  assert.deepEqual(parseLimits({ memoryReservation: '32m', cpuPeriod: '50000', cpuQuota: '25000' }, host).limits,
    { memoryReservation: 32 * MiB, cpuPeriod: 50000, cpuQuota: 25000 });
  assert.deepEqual(parseLimits({ memoryReservation: '0', cpuPeriod: '0', cpuQuota: '-1' }, host).limits, {});
  const bad = (flags: Parameters<typeof parseLimits>[0], message: RegExp) =>
    assert.throws(() => parseLimits(flags, host), (e: unknown) => e instanceof UsageError && message.test(e.message));
  bad({ memoryReservation: 'lots' }, /^invalid value "lots" for --memory-reservation/);
  bad({ memoryReservation: '1m' }, /the minimum is 6m/);
  bad({ memory: '64m', memoryReservation: '128m' }, /it must be at most --memory/);
  bad({ cpuPeriod: '999' }, /--cpu-period: use a number of microseconds from 1000 to 1000000/);
  bad({ cpuPeriod: '1000001' }, /--cpu-period/);
  bad({ cpuQuota: '500' }, /--cpu-quota/);
  bad({ cpus: '1', cpuPeriod: '50000' }, /^conflicting options: --cpus cannot be used with --cpu-period or --cpu-quota$/);
});

test('v1 files: memory.soft_limit_in_bytes, cpu.cfs_period_us, cpu.cfs_quota_us', () => {
  assert.deepEqual(files(planV1Limits({ memoryReservation: 32 * MiB, cpuPeriod: 50000, cpuQuota: 25000 }, { swapAccounting: true })), [
    ['memory.soft_limit_in_bytes', String(32 * MiB)], ['cpu.cfs_period_us', '50000'], ['cpu.cfs_quota_us', '25000'],
  ]);
});

test('v2 files: memory.low and cpu.max "QUOTA PERIOD" (max or 100000 for the one not given)', () => {
  assert.deepEqual(files(planV2Limits({ memoryReservation: 32 * MiB, cpuPeriod: 50000, cpuQuota: 25000 }, { swapAccounting: true })),
    [['memory.low', String(32 * MiB)], ['cpu.max', '25000 50000']]);
  assert.deepEqual(files(planV2Limits({ cpuPeriod: 50000 }, { swapAccounting: true })), [['cpu.max', 'max 50000']]);
  assert.deepEqual(files(planV2Limits({ cpuQuota: 30000 }, { swapAccounting: true })), [['cpu.max', '30000 100000']]);
});

test('v2 driver on a fake tree writes them in the leaf', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const driver = await createCgroupDriver(detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath }));
  await driver.create('c9', { memoryReservation: 16 * MiB, cpuPeriod: 20000, cpuQuota: 10000 });
  assert.equal(await tree.read('tscontain/c9/memory.low'), String(16 * MiB));
  assert.equal(await tree.read('tscontain/c9/cpu.max'), '10000 20000');
});
