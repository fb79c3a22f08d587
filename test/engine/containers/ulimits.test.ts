import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUlimit, parseUlimits, rlimitArgs } from '../../../engine/containers/ulimits.js';
import { UsageError } from '../../../engine/errors.js';

test('parseUlimit: soft[:hard], hard defaults to soft, -1 and unlimited', () => {
  assert.deepEqual(parseUlimit('nofile=1024:2048'), { Name: 'nofile', Soft: 1024, Hard: 2048 });
  assert.deepEqual(parseUlimit('nproc=64'), { Name: 'nproc', Soft: 64, Hard: 64 });
  assert.deepEqual(parseUlimit('core=-1'), { Name: 'core', Soft: -1, Hard: -1 });
  assert.deepEqual(parseUlimit('memlock=1:unlimited'), { Name: 'memlock', Soft: 1, Hard: -1 });
});

test('parseUlimit: bad names, values and soft above hard are usage errors', () => {
  for (const bad of ['nofile', 'nofile=', 'nofile=a', 'nofile=1:2:3', 'bogus=1', 'nofile=2:1', 'nofile=-1:5', 'NOFILE=1', 'nofile=1.5']) {
    assert.throws(() => parseUlimit(bad), UsageError, bad);
  }
});

test('parseUlimits: the last flag for a name wins; rlimitArgs spells -1 as unlimited', () => {
  const u = parseUlimits(['nofile=1:2', 'stack=8', 'nofile=3:4']);
  assert.deepEqual(u, [{ Name: 'nofile', Soft: 3, Hard: 4 }, { Name: 'stack', Soft: 8, Hard: 8 }]);
  assert.deepEqual(rlimitArgs([{ Name: 'core', Soft: 0, Hard: -1 }]), ['--rlimit', 'core=0:unlimited']);
  assert.deepEqual(rlimitArgs(undefined), []);
});
