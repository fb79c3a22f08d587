// Cgroup mounts from /proc/self/mountinfo. The controllers of a v1 hierarchy
// are named in its super options ("rw,cpu,cpuacct"), so the mounts, not a
// fixed list of paths, say where each controller lives (distributions mount
// cpu and cpuacct together as /sys/fs/cgroup/cpu,cpuacct; others do not).

export interface CgroupMount {
  /** 'cgroup' for a v1 hierarchy, 'cgroup2' for the unified one. */
  fsType: 'cgroup' | 'cgroup2';
  mountPoint: string;
  /** Path of the mount's root inside the hierarchy ("/" unless in a cgroup namespace or a bind mount). */
  root: string;
  /** v1 controllers of the hierarchy; empty for cgroup2 and for named hierarchies. */
  controllers: string[];
  /** The `name=` of a named v1 hierarchy (name=systemd), if any. */
  name: string | undefined;
}

// Super options of a v1 cgroup mount that are flags, not controllers.
const V1_MOUNT_FLAGS = new Set([
  'rw', 'ro', 'noprefix', 'clone_children', 'xattr', 'cpuset_v2_mode', 'favordynmods',
]);

/** Undoes mountinfo's octal escapes (\040 for a space, \011, \012, \134). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountinfo(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    // id parent major:minor root mount-point options [optional...] - fstype source super-options
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const before = line.slice(0, dash).split(' ');
    const after = line.slice(dash + 3).split(' ');
    const fsType = after[0];
    if (fsType !== 'cgroup' && fsType !== 'cgroup2') continue;
    const root = before[3];
    const mountPoint = before[4];
    if (root === undefined || mountPoint === undefined) continue;
    const superOptions = (after[2] ?? '').split(',');
    const name = superOptions.find((o) => o.startsWith('name='))?.slice('name='.length);
    const controllers = fsType === 'cgroup'
      ? superOptions.filter((o) => o !== '' && !o.includes('=') && !V1_MOUNT_FLAGS.has(o))
      : [];
    mounts.push({
      fsType,
      mountPoint: unescapeMountField(mountPoint),
      root: unescapeMountField(root),
      controllers,
      name,
    });
  }
  return mounts;
}
