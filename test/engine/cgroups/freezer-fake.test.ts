// pause/unpause on fake /sys/fs/cgroup trees: which files the drivers write,
// how v2 waits for cgroup.events, and that a freeze that never completes is
// undone. The real v1 freezer is exercised by the container tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCgroupDriver } from '../../../engine/cgroups/create-driver.js';
import { detectCgroups } from '../../../engine/cgroups/detect.js';
import { CgroupError } from '../../../engine/errors.js';
import { fakeV1Tree, fakeV2Tree, type FakeTree } from './fake-cgroup-tree.js';

function driverFor(tree: FakeTree) {
  return createCgroupDriver(detectCgroups(tree.root, { mountinfoPath: tree.mountinfoPath }));
}

test('v2 freeze writes cgroup.freeze and resolves only once cgroup.events says frozen 1', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await driverFor(tree).create('p1', {});
  await tree.write('tscontain/p1/cgroup.freeze', '0\n');
  await tree.write('tscontain/p1/cgroup.events', 'populated 1\nfrozen 0\n');
  assert.equal(await cgroup.frozen(), false);
  let resolved = false;
  const freezing = cgroup.freeze().then(() => (resolved = true));
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(await tree.read('tscontain/p1/cgroup.freeze'), '1');
  assert.equal(resolved, false, 'still waiting for the kernel');
  assert.equal(await cgroup.frozen(), true, 'asked counts as paused');
  await tree.write('tscontain/p1/cgroup.events', 'populated 1\nfrozen 1\n');
  await freezing;
  await cgroup.thaw();
  assert.equal(await tree.read('tscontain/p1/cgroup.freeze'), '0');
  assert.equal(await cgroup.frozen(), false);
});

test('v2 freeze that never completes is undone and reported', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await driverFor(tree).create('p2', {});
  await tree.write('tscontain/p2/cgroup.freeze', '0\n');
  await tree.write('tscontain/p2/cgroup.events', 'populated 1\nfrozen 0\n');
  await assert.rejects(cgroup.freeze({ timeoutMs: 100 }), (err) => err instanceof CgroupError && err.code === 'CGROUP_BUSY');
  assert.equal(await tree.read('tscontain/p2/cgroup.freeze'), '0', 'thawed again');
});

test('v2 without cgroup.freeze (kernel < 5.2) refuses pause clearly', async (t) => {
  const tree = await fakeV2Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await driverFor(tree).create('p3', {});
  await assert.rejects(cgroup.freeze(), (err) => err instanceof CgroupError && err.code === 'CGROUP_CONTROLLER_MISSING' && /freezer/.test(err.message));
  assert.equal(await cgroup.frozen(), false);
});

test('v1 freeze and thaw write freezer.state in the freezer hierarchy only', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await driverFor(tree).create('p4', {});
  await tree.write('freezer/tscontain/p4/freezer.state', 'THAWED\n');
  await cgroup.freeze();
  assert.equal(await tree.read('freezer/tscontain/p4/freezer.state'), 'FROZEN');
  assert.equal(await cgroup.frozen(), true);
  await cgroup.thaw();
  assert.equal(await tree.read('freezer/tscontain/p4/freezer.state'), 'THAWED');
  assert.equal(await cgroup.frozen(), false);
});

test('v1 without a freezer hierarchy refuses pause', async (t) => {
  const tree = await fakeV1Tree();
  t.after(() => tree.cleanup());
  const { cgroup } = await driverFor(tree).create('p5', {});
  // No freezer.state in the leaf: the kernel always makes one, so its absence means no freezer.
  await assert.rejects(cgroup.freeze(), (err) => err instanceof CgroupError && err.code === 'CGROUP_CONTROLLER_MISSING');
});
