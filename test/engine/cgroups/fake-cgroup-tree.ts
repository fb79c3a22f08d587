// Directory trees that look like /sys/fs/cgroup to the drivers, with a
// matching fake mountinfo. Real cgroupfs creates a cgroup's control files on
// mkdir; here only the files a test writes exist, so tests seed what the
// driver reads (cpuset of the root, the parent's memory.swap.max, ...).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FakeTree {
  /** The fake /sys/fs/cgroup. */
  root: string;
  mountinfoPath: string;
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** mountinfo escapes spaces and a few other bytes as octal. */
function escapeMount(path: string): string {
  return path.replace(/ /g, '\\040');
}

async function makeTree(mountLines: (root: string) => string[]): Promise<FakeTree> {
  // A space in the path exercises mountinfo's octal escaping.
  const base = await mkdtemp(join(tmpdir(), 'tsc-cgroup-fake-'));
  const root = join(base, 'sys fs cgroup');
  await mkdir(root);
  const mountinfoPath = join(base, 'mountinfo');
  const unrelated = [
    '22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw',
    `31 23 0:28 / ${escapeMount(root)} rw,relatime shared:9 - tmpfs tmpfs rw,mode=755`,
  ];
  await writeFile(mountinfoPath, [...unrelated, ...mountLines(root)].join('\n') + '\n');
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };
  return {
    root,
    mountinfoPath,
    write,
    read: (path) => readFile(join(root, path), 'utf8'),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

export async function fakeV2Tree(controllers = 'cpuset cpu io memory hugetlb pids rdma misc'): Promise<FakeTree> {
  const tree = await makeTree((root) => [
    `41 31 0:38 / ${escapeMount(root)} rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot`,
  ]);
  await tree.write('cgroup.controllers', `${controllers}\n`);
  await tree.write('cgroup.subtree_control', 'cpu memory\n');
  await tree.write('tscontain/memory.swap.max', 'max\n');
  return tree;
}

/** A hybrid layout as Debian and Ubuntu ship it: cpu,cpuacct co-mounted, a named systemd hierarchy, a controller-less v2. */
export async function fakeV1Tree(options: { hybrid?: boolean; swapAccounting?: boolean } = {}): Promise<FakeTree> {
  const hierarchies = ['cpu,cpuacct', 'cpuset', 'memory', 'pids', 'blkio', 'freezer', 'devices'];
  const tree = await makeTree((root) => [
    ...hierarchies.map((h, i) =>
      `${32 + i} 31 0:${40 + i} / ${escapeMount(join(root, h))} rw,nosuid,nodev,noexec,relatime shared:${11 + i} - cgroup cgroup rw,${h}`),
    `50 31 0:50 / ${escapeMount(join(root, 'systemd'))} rw,relatime shared:30 - cgroup cgroup rw,xattr,name=systemd`,
    ...(options.hybrid === false ? [] : [`51 31 0:51 / ${escapeMount(join(root, 'unified'))} rw,relatime shared:31 - cgroup2 cgroup2 rw`]),
  ]);
  for (const h of hierarchies) await tree.write(`${h}/cgroup.procs`, '');
  await tree.write('cpuset/cpuset.cpus', '0-3\n');
  await tree.write('cpuset/cpuset.mems', '0\n');
  if (options.swapAccounting !== false) await tree.write('memory/memory.memsw.limit_in_bytes', '9223372036854771712\n');
  return tree;
}
