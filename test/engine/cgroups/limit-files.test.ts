import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuQuotaUs, planV1Limits, planV2Limits, sharesToWeight } from '../../../engine/cgroups/limit-files.js';
import type { CgroupLimits } from '../../../engine/cgroups/parse-limits.js';

const MiB = 1024 * 1024;
const all: CgroupLimits = {
  memory: 256 * MiB, memorySwap: 512 * MiB, nanoCpus: 1_500_000_000, cpuShares: 512, cpusetCpus: '0-1', pidsLimit: 64,
};
const files = (plan: { writes: { file: string; value: string }[] }) => plan.writes.map((w) => [w.file, w.value]);

test('v1: each limit to its file, memory before memory+swap', () => {
  assert.deepEqual(files(planV1Limits(all, { swapAccounting: true })), [
    ['memory.limit_in_bytes', String(256 * MiB)],
    ['memory.memsw.limit_in_bytes', String(512 * MiB)],
    ['cpu.cfs_period_us', '100000'],
    ['cpu.cfs_quota_us', '150000'],
    ['cpu.shares', '512'],
    ['cpuset.cpus', '0-1'],
    ['pids.max', '64'],
  ]);
  assert.deepEqual(planV1Limits(all, { swapAccounting: true }).writes.map((w) => w.controller),
    ['memory', 'memory', 'cpu', 'cpu', 'cpu', 'cpuset', 'pids']);
});

test('v1: unlimited swap is -1; without swap accounting the swap limit is a warning', () => {
  assert.deepEqual(files(planV1Limits({ memory: 64 * MiB, memorySwap: -1 }, { swapAccounting: true })),
    [['memory.limit_in_bytes', String(64 * MiB)], ['memory.memsw.limit_in_bytes', '-1']]);
  const plan = planV1Limits({ memory: 64 * MiB, memorySwap: 128 * MiB }, { swapAccounting: false });
  assert.deepEqual(files(plan), [['memory.limit_in_bytes', String(64 * MiB)]]);
  assert.equal(plan.warnings.length, 1);
  assert.match(plan.warnings[0]!, /swap/);
});

test('v2: each limit to its file; swap is memory-swap minus memory', () => {
  assert.deepEqual(files(planV2Limits(all, { swapAccounting: true })), [
    ['memory.max', String(256 * MiB)],
    ['memory.swap.max', String(256 * MiB)],
    ['cpu.max', '150000 100000'],
    ['cpu.weight', '20'],
    ['cpuset.cpus', '0-1'],
    ['pids.max', '64'],
  ]);
  assert.deepEqual(files(planV2Limits({ memory: 16 * MiB, memorySwap: 16 * MiB }, { swapAccounting: true })),
    [['memory.max', String(16 * MiB)], ['memory.swap.max', '0']]);
  assert.deepEqual(files(planV2Limits({ memory: 16 * MiB, memorySwap: -1 }, { swapAccounting: true })),
    [['memory.max', String(16 * MiB)], ['memory.swap.max', 'max']]);
  const plan = planV2Limits({ memory: 16 * MiB, memorySwap: 32 * MiB }, { swapAccounting: false });
  assert.deepEqual(files(plan), [['memory.max', String(16 * MiB)]]);
  assert.equal(plan.warnings.length, 1);
});

test("cpu.weight from cpu.shares by runc's formula", () => {
  const table: [number, number][] = [[2, 1], [1024, 39], [512, 20], [262144, 10000], [100, 4], [10000, 382]];
  for (const [shares, weight] of table) assert.equal(sharesToWeight(shares), weight, `shares ${shares}`);
});

test('--cpus to a CFS quota over a 100 ms period', () => {
  assert.equal(cpuQuotaUs(1e9), 100000);
  assert.equal(cpuQuotaUs(1e7), 1000);
  assert.equal(cpuQuotaUs(2_500_000_000), 250000);
});

test('no limits, no writes', () => {
  assert.deepEqual(planV1Limits({}, { swapAccounting: true }), { writes: [], warnings: [] });
  assert.deepEqual(planV2Limits({}, { swapAccounting: true }), { writes: [], warnings: [] });
});
