import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuPercent } from '../../../engine/stats/cpu-percent.js';
import { StatsSampler, type StatsSource } from '../../../engine/stats/stats-sampler.js';
import type { CgroupStats } from '../../../engine/stats/read-cgroup-stats.js';
import { CgroupError } from '../../../engine/errors.js';

const SECOND = 1e9;

test('cpuPercent: delta CPU over delta wall, 100 = one core', () => {
  assert.equal(cpuPercent(undefined, { cpuUsageNs: 5 * SECOND, wallNs: 10 * SECOND }), 0);
  assert.equal(cpuPercent({ cpuUsageNs: 0, wallNs: 0 }, { cpuUsageNs: SECOND / 2, wallNs: SECOND }), 50);
  assert.equal(cpuPercent({ cpuUsageNs: 0, wallNs: 0 }, { cpuUsageNs: 2 * SECOND, wallNs: SECOND }), 200);
  assert.equal(cpuPercent({ cpuUsageNs: 9, wallNs: 0 }, { cpuUsageNs: 3, wallNs: SECOND }), 0, 'counter reset');
  assert.equal(cpuPercent({ cpuUsageNs: 0, wallNs: SECOND }, { cpuUsageNs: 5, wallNs: SECOND }), 0, 'no time passed');
});

function fakeSource(values: Partial<CgroupStats>[]): StatsSource {
  let i = 0;
  return {
    stats: async () => ({
      cpuUsageNs: 0, memoryUsed: 0, memoryLimit: 1000, pids: 1, blockRead: 0, blockWrite: 0, ...values[Math.min(i++, values.length - 1)],
    }),
  };
}

test('StatsSampler keeps the previous sample per container', async () => {
  let clock = 0;
  const sampler = new StatsSampler({ now: () => clock, readNet: async (pid) => ({ rxBytes: pid, txBytes: pid * 2 }) });
  const a = { id: 'a', cgroup: fakeSource([{ cpuUsageNs: 0 }, { cpuUsageNs: SECOND / 4, memoryUsed: 250 }]), pid: 7 };
  const b = { id: 'b', cgroup: fakeSource([{ cpuUsageNs: SECOND }, { cpuUsageNs: 3 * SECOND }]) };
  const first = await sampler.sampleAll([a, b]);
  assert.ok(first.every((r) => r.status === 'fulfilled' && r.value.cpuPercent === 0), 'no rate on the first tick');
  clock += SECOND;
  const [ra, rb] = await sampler.sampleAll([a, b]);
  assert.ok(ra?.status === 'fulfilled' && rb?.status === 'fulfilled');
  assert.equal(ra.value.cpuPercent, 25);
  assert.equal(ra.value.memoryPercent, 25);
  assert.equal(ra.value.netRx, 7);
  assert.equal(ra.value.netTx, 14);
  assert.equal(rb.value.cpuPercent, 200);
  assert.equal(rb.value.netRx, undefined);
});

test('a container that vanished fails alone; dropped containers are forgotten', async () => {
  let clock = 0;
  const sampler = new StatsSampler({ now: () => clock });
  const gone: StatsSource = { stats: async () => { throw new CgroupError('CGROUP_NOT_FOUND', 'gone'); } };
  const ok = { id: 'ok', cgroup: fakeSource([{ cpuUsageNs: 0 }, { cpuUsageNs: SECOND }]) };
  const [r1, r2] = await sampler.sampleAll([ok, { id: 'gone', cgroup: gone }]);
  assert.equal(r1?.status, 'fulfilled');
  assert.equal(r2?.status, 'rejected');
  // "ok" leaves the list, comes back: its history was dropped, so no rate from a stale sample.
  await sampler.sampleAll([]);
  clock += SECOND;
  const [again] = await sampler.sampleAll([ok]);
  assert.ok(again?.status === 'fulfilled');
  assert.equal(again.value.cpuPercent, 0);
});
