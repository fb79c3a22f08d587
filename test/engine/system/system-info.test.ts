import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backingFilesystem, filesystemName, prettyOsName, systemInfo, unameMachine } from '../../../engine/system/system-info.js';
import { parseHostConfig } from '../../../engine/config.js';
import { StoreLayout } from '../../../engine/store/layout.js';
import { fakeV1Tree, fakeV2Tree } from '../cgroups/fake-cgroup-tree.js';

test('statfs magics get Docker\'s filesystem names; unknown ones show their number', () => {
  assert.equal(filesystemName(0xef53), 'extfs');
  assert.equal(filesystemName(0x58465342), 'xfs');
  assert.equal(filesystemName(0x01021994), 'tmpfs');
  assert.equal(filesystemName(0x1234), 'unknown (0x1234)');
});

test('os-release PRETTY_NAME, quoted or not; architectures as uname -m prints them', () => {
  assert.equal(prettyOsName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(prettyOsName("PRETTY_NAME=Alpine\n"), 'Alpine');
  assert.equal(prettyOsName(''), 'Linux');
  assert.equal(unameMachine('x64'), 'x86_64');
  assert.equal(unameMachine('arm64'), 'aarch64');
});

test('a store not made yet: its nearest existing parent\'s filesystem', async () => {
  const name = await backingFilesystem('/proc/definitely/not/here');
  assert.equal(name, await backingFilesystem('/proc'));
  assert.notEqual(name, 'unknown');
});

for (const [version, make] of [['2', () => fakeV2Tree()], ['1', () => fakeV1Tree()]] as const) {
  test(`info on an empty store: zero counts, cgroup version ${version} from the mount table, registry config`, async (t) => {
    const tree = await make();
    const dir = await mkdtemp(join(tmpdir(), 'tsc-info-'));
    t.after(async () => {
      await tree.cleanup();
      await rm(dir, { recursive: true, force: true });
    });
    const config = parseHostConfig(join(dir, 'config.json'), JSON.stringify({ 'registry-mirrors': ['http://127.0.0.1:5000'], 'insecure-registries': ['127.0.0.0/8'] }));
    const info = await systemInfo(new StoreLayout(join(dir, 'root')), config, { cgroupRoot: tree.root, mountinfoPath: tree.mountinfoPath });
    assert.equal(info.CgroupVersion, version);
    assert.equal(info.CgroupDriver, 'cgroupfs');
    assert.equal(info.Driver, 'overlay');
    assert.deepEqual([info.Containers, info.ContainersRunning, info.ContainersPaused, info.ContainersStopped, info.Images], [0, 0, 0, 0, 0]);
    assert.equal(info.Networks, 1, 'the default bridge always exists');
    assert.equal(info.RootDir, join(dir, 'root'));
    assert.deepEqual(info.RegistryConfig.Mirrors, ['http://127.0.0.1:5000']);
    assert.deepEqual(info.RegistryConfig.InsecureRegistries, ['127.0.0.0/8']);
    assert.ok(info.NCPU >= 1 && info.MemTotal > 0);
    assert.deepEqual(info.DriverStatus[0], ['Backing Filesystem', info.BackingFilesystem]);
  });
}

test('no cgroup filesystem: info still answers, with a warning and no version', async (t) => {
  const tree = await fakeV2Tree();
  const dir = await mkdtemp(join(tmpdir(), 'tsc-info-'));
  t.after(async () => {
    await tree.cleanup();
    await rm(dir, { recursive: true, force: true });
  });
  const config = parseHostConfig(join(dir, 'config.json'), '{}');
  const info = await systemInfo(new StoreLayout(join(dir, 'root')), config, { cgroupRoot: join(dir, 'nowhere'), mountinfoPath: tree.mountinfoPath });
  assert.equal(info.CgroupVersion, '');
  assert.match(info.Warnings[0] ?? '', /^WARNING: no cgroup filesystem/);
});
