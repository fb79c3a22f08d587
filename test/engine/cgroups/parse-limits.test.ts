import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseByteSize } from '../../../engine/cgroups/byte-units.js';
import { formatCpuList, parseCpuList } from '../../../engine/cgroups/cpu-list.js';
import { parseLimits, readHostResources, type CgroupLimits, type LimitFlags } from '../../../engine/cgroups/parse-limits.js';
import { UsageError } from '../../../engine/errors.js';

const MiB = 1024 * 1024;
const host = { onlineCpus: [0, 1, 2, 3] };

test('byte sizes in Docker syntax', () => {
  const table: [string, number | undefined][] = [
    ['4096', 4096], ['4096b', 4096], ['100k', 100 * 1024], ['100K', 100 * 1024], ['512m', 512 * MiB],
    ['512MB', 512 * MiB], ['512MiB', 512 * MiB], ['512 m', 512 * MiB], ['1g', 1024 * MiB], ['1.5g', 1536 * MiB],
    ['2t', 2 * 1024 ** 4], ['12q', undefined], ['', undefined], ['-1', undefined], ['m', undefined],
    ['1..5m', undefined], ['0x10', undefined], ['99999999999p', undefined],
  ];
  for (const [text, bytes] of table) assert.equal(parseByteSize(text), bytes, text);
});

test('CPU lists', () => {
  assert.deepEqual(parseCpuList('0-2,4'), [0, 1, 2, 4]);
  assert.deepEqual(parseCpuList('3,1,1-2\n'), [1, 2, 3]);
  for (const bad of ['2-1', 'a', '1,', '-1', '0-99999', '1 2']) assert.equal(parseCpuList(bad), undefined, bad);
  assert.equal(formatCpuList([0, 1, 2, 4, 6, 7]), '0-2,4,6-7');
});

const good: [string, LimitFlags, CgroupLimits, string[]?][] = [
  ['nothing', {}, {}],
  ['memory gets Docker\'s default swap (twice the memory in total)', { memory: '512m' }, { memory: 512 * MiB, memorySwap: 1024 * MiB }],
  ['minimum memory', { memory: '6m' }, { memory: 6 * MiB, memorySwap: 12 * MiB }],
  ['memory 0 is no limit', { memory: '0' }, {}],
  ['memory-swap equal to memory: no swap', { memory: '16m', memorySwap: '16m' }, { memory: 16 * MiB, memorySwap: 16 * MiB }],
  ['memory-swap -1: unlimited swap', { memory: '1g', memorySwap: '-1' }, { memory: 1024 * MiB, memorySwap: -1 }],
  ['memory-swap 0 is the default', { memory: '1g', memorySwap: '0' }, { memory: 1024 * MiB, memorySwap: 2048 * MiB }],
  ['cpus decimal', { cpus: '1.5' }, { nanoCpus: 1_500_000_000 }],
  ['cpus leading dot', { cpus: '.5' }, { nanoCpus: 500_000_000 }],
  ['cpus minimum', { cpus: '0.01' }, { nanoCpus: 10_000_000 }],
  ['cpus all', { cpus: '4' }, { nanoCpus: 4_000_000_000 }],
  ['cpus 0 is no limit', { cpus: '0' }, {}],
  ['cpu-shares', { cpuShares: '512' }, { cpuShares: 512 }],
  ['cpu-shares 0 is the default', { cpuShares: '0' }, {}],
  ['cpu-shares 1 is raised to 2', { cpuShares: '1' }, { cpuShares: 2 }, ['changing requested CPU shares of 1 to the allowed 2']],
  ['cpu-shares capped', { cpuShares: '1000000' }, { cpuShares: 262144 }, ['changing requested CPU shares of 1000000 to the allowed 262144']],
  ['cpuset canonicalised', { cpusetCpus: '2,0-1' }, { cpusetCpus: '0-2' }],
  ['cpuset empty is none', { cpusetCpus: '' }, {}],
  ['pids-limit', { pidsLimit: '100' }, { pidsLimit: 100 }],
  ['pids-limit 0 is unlimited', { pidsLimit: '0' }, {}],
  ['pids-limit -1 is unlimited', { pidsLimit: '-1' }, {}],
  ['all together', { memory: '256m', memorySwap: '512m', cpus: '2', cpuShares: '2048', cpusetCpus: '1-3', pidsLimit: '64' },
    { memory: 256 * MiB, memorySwap: 512 * MiB, nanoCpus: 2e9, cpuShares: 2048, cpusetCpus: '1-3', pidsLimit: 64 }],
];

for (const [name, flags, limits, warnings] of good) {
  test(`limits accepted: ${name}`, () => {
    const parsed = parseLimits(flags, host);
    assert.deepEqual(parsed.limits, limits);
    assert.deepEqual(parsed.warnings, warnings ?? []);
  });
}

const bad: [LimitFlags, string][] = [
  [{ memory: '12q' }, 'invalid value "12q" for --memory: use a number with an optional unit b, k, m or g'],
  [{ memory: '-5m' }, 'invalid value "-5m" for --memory: use a number with an optional unit b, k, m or g'],
  [{ memory: '4m' }, 'invalid value "4m" for --memory: the minimum is 6m'],
  [{ memory: '100' }, 'invalid value "100" for --memory: the minimum is 6m'],
  [{ memorySwap: '1g' }, 'invalid value "1g" for --memory-swap: it needs --memory too (it is the total of memory and swap)'],
  [{ memory: '1g', memorySwap: '512m' }, 'invalid value "512m" for --memory-swap: memory plus swap must be at least --memory (1GiB)'],
  [{ memory: '1g', memorySwap: 'lots' }, 'invalid value "lots" for --memory-swap: use a number with an optional unit b, k, m or g, or -1 for unlimited swap'],
  [{ cpus: 'two' }, 'invalid value "two" for --cpus: use a decimal number; the range is 0.01 to 4.00, as there are only 4 CPUs available'],
  [{ cpus: '-1' }, 'invalid value "-1" for --cpus: use a decimal number; the range is 0.01 to 4.00, as there are only 4 CPUs available'],
  [{ cpus: '5' }, 'invalid value "5" for --cpus: the range is 0.01 to 4.00, as there are only 4 CPUs available'],
  [{ cpus: '0.001' }, 'invalid value "0.001" for --cpus: the range is 0.01 to 4.00, as there are only 4 CPUs available'],
  [{ cpuShares: '1.5' }, 'invalid value "1.5" for --cpu-shares: use a whole number from 2 to 262144 (default 1024)'],
  [{ cpuShares: '-3' }, 'invalid value "-3" for --cpu-shares: use a whole number from 2 to 262144 (default 1024)'],
  [{ cpusetCpus: '1-0' }, 'invalid value "1-0" for --cpuset-cpus: use CPU numbers and ranges like 0-2,4'],
  [{ cpusetCpus: '0;1' }, 'invalid value "0;1" for --cpuset-cpus: use CPU numbers and ranges like 0-2,4'],
  [{ cpusetCpus: '2-6' }, 'invalid value "2-6" for --cpuset-cpus: CPUs 4-6 are not available (available: 0-3)'],
  [{ pidsLimit: 'ten' }, 'invalid value "ten" for --pids-limit: use a whole number (0 or less for no limit)'],
  [{ pidsLimit: '1e3' }, 'invalid value "1e3" for --pids-limit: use a whole number (0 or less for no limit)'],
];

for (const [flags, message] of bad) {
  test(`limits refused: ${JSON.stringify(flags)}`, () => {
    assert.throws(() => parseLimits(flags, host), (err) => {
      assert.ok(err instanceof UsageError);
      assert.equal(err.code, 'USAGE');
      assert.equal(err.message, message);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
  });
}

test('the host resources of this machine are read from sysfs', () => {
  const resources = readHostResources();
  assert.ok(resources.onlineCpus.length >= 1);
  assert.ok(resources.onlineCpus.includes(0));
});
