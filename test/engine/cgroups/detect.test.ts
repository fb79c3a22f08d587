import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { detectCgroups } from '../../../engine/cgroups/detect.js';
import { parseMountinfo } from '../../../engine/cgroups/mountinfo.js';
import { CgroupError } from '../../../engine/errors.js';
import { fakeV1Tree, fakeV2Tree } from './fake-cgroup-tree.js';

test('mountinfo: v1 controllers come from the super options, flags and names are not controllers', () => {
  const mounts = parseMountinfo([
    '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:5 - cgroup cgroup rw,cpu,cpuacct',
    '33 31 0:30 / /sys/fs/cgroup/cpuset rw shared:6 - cgroup cgroup rw,clone_children,cpuset',
    '40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd',
    '41 31 0:38 /docker/abc /sys/fs/cgroup/with\\040space rw - cgroup2 cgroup2 rw,nsdelegate',
    '22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw',
  ].join('\n'));
  assert.deepEqual(mounts.map((m) => [m.fsType, m.mountPoint, m.controllers, m.name]), [
    ['cgroup', '/sys/fs/cgroup/cpu,cpuacct', ['cpu', 'cpuacct'], undefined],
    ['cgroup', '/sys/fs/cgroup/cpuset', ['cpuset'], undefined],
    ['cgroup', '/sys/fs/cgroup/systemd', [], 'systemd'],
    ['cgroup2', '/sys/fs/cgroup/with space', [], undefined],
  ]);
  assert.equal(mounts[3]!.root, '/docker/abc');
});

test('detects a unified (v2) host and its controllers', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const host = detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath });
  assert.equal(host.version, 2);
  assert.equal(host.mode, 'unified');
  assert.equal(host.root, tree.root);
  assert.ok(host.version === 2 && host.controllers.includes('memory') && host.controllers.includes('pids'));
});

test('detects a hybrid host as v1, with co-mounted cpu,cpuacct sharing one mount point', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const host = detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath });
  assert.equal(host.version, 1);
  if (host.version !== 1) return;
  assert.equal(host.mode, 'hybrid');
  assert.equal(host.mounts.cpu, join(tree.root, 'cpu,cpuacct'));
  assert.equal(host.mounts.cpuacct, join(tree.root, 'cpu,cpuacct'));
  assert.equal(host.mounts.memory, join(tree.root, 'memory'));
  assert.equal(host.mounts.systemd, undefined, 'the named systemd hierarchy is no controller');
  assert.equal(host.unifiedMount, join(tree.root, 'unified'));
});

test('detects a legacy host (v1 only)', async (t) => {
  const tree = await fakeV1Tree({ hybrid: false });
  t.after(() => tree.cleanup());
  const host = detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath });
  assert.equal(host.mode, 'legacy');
});

test('mounts outside the root are ignored; none at all is CGROUP_UNSUPPORTED', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  assert.throws(() => detectCgroups(join(tree.root, '..', 'elsewhere'), { mountinfoPath: tree.mountinfoPath }),
    (err) => err instanceof CgroupError && err.code === 'CGROUP_UNSUPPORTED');
  assert.throws(() => detectCgroups(tree.root, { mountinfoPath: '/nonexistent/mountinfo' }),
    (err) => err instanceof CgroupError && err.code === 'CGROUP_UNSUPPORTED');
});

test('this machine: the real layout is detected', () => {
  const host = detectCgroups();
  assert.ok(host.version === 1 || host.version === 2);
  if (host.version === 1) assert.ok(Object.keys(host.mounts).length > 0);
  else assert.ok(host.controllers.length >= 0);
});
