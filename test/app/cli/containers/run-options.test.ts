// run/create options beyond the basics, with real containers: --ulimit,
// inspect --format, ps --format and --filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

test('--ulimit reaches the program: ulimit -n/-Hn/-u inside, Ulimits in inspect', { skip }, async () => {
  const r = await f.cli('run', '--rm', '--ulimit', 'nofile=512:1024', '--ulimit', 'nproc=77', 'busybox', 'sh', '-c', 'ulimit -n; ulimit -Hn; ulimit -u');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '512\n1024\n77\n');
  const c = await f.cli('create', '--name', 'lim', '--ulimit', 'core=0:unlimited', 'busybox', 'true');
  assert.equal(c.code, 0, c.stderr);
  const info = JSON.parse((await f.cli('inspect', 'lim')).stdout)[0];
  assert.deepEqual(info.HostConfig.Ulimits, [{ Name: 'core', Soft: 0, Hard: -1 }]);
  const bad = await f.cli('run', '--rm', '--ulimit', 'nofile=5:2', 'busybox', 'true');
  assert.equal(bad.code, 125);
  assert.equal(bad.stderr, 'Error: ulimit soft limit must be less than or equal to hard limit: nofile=5:2\n');
});
