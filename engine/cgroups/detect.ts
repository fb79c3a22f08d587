// Which cgroup layout this host runs. Three exist in the wild:
// - unified (v2 only): one hierarchy at /sys/fs/cgroup, controllers listed in
//   its cgroup.controllers;
// - hybrid: v1 hierarchies for the controllers plus an empty v2 mount at
//   /sys/fs/cgroup/unified that systemd uses for tracking only;
// - legacy: v1 hierarchies only.
// Resource control follows the controllers, so hybrid is driven as v1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupError } from '../errors.js';
import { parseMountinfo, type CgroupMount } from './mountinfo.js';

export interface CgroupHostV1 {
  version: 1;
  mode: 'hybrid' | 'legacy';
  root: string;
  /** Mount point of each v1 controller; co-mounted controllers share one. */
  mounts: Record<string, string>;
  /** The v2 mount of a hybrid host (no controllers), if any. */
  unifiedMount: string | undefined;
}

export interface CgroupHostV2 {
  version: 2;
  mode: 'unified';
  root: string;
  /** The controllers the root offers (its cgroup.controllers). */
  controllers: string[];
}

export type CgroupHost = CgroupHostV1 | CgroupHostV2;

export interface DetectOptions {
  /** Where to read the mount table; tests point this at a fake one. */
  mountinfoPath?: string;
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CgroupError('CGROUP_UNSUPPORTED', `cannot read ${what} (${path})`, {
      cause: err,
      fields: { path },
      hint: 'containers need a Linux host with the cgroup filesystem mounted',
    });
  }
}

/** Reads the host's cgroup layout once; cheap enough to call at start-up (two small reads). */
export function detectCgroups(root = '/sys/fs/cgroup', options: DetectOptions = {}): CgroupHost {
  const mountinfoPath = options.mountinfoPath ?? '/proc/self/mountinfo';
  const mounts = parseMountinfo(readText(mountinfoPath, 'the mount table'))
    .filter((m) => isUnder(m.mountPoint, root));

  const v1 = mounts.filter((m) => m.fsType === 'cgroup' && m.controllers.length > 0);
  const v2 = mounts.filter((m) => m.fsType === 'cgroup2')
    .sort((a, b) => a.mountPoint.length - b.mountPoint.length)[0];

  if (v1.length > 0) {
    const byController: Record<string, string> = {};
    for (const m of v1) {
      for (const c of m.controllers) byController[c] ??= m.mountPoint;
    }
    return {
      version: 1,
      mode: v2 ? 'hybrid' : 'legacy',
      root,
      mounts: byController,
      unifiedMount: v2?.mountPoint,
    };
  }
  if (v2) return unifiedHost(v2);
  throw new CgroupError('CGROUP_UNSUPPORTED', `no cgroup filesystem is mounted under ${root}`, {
    fields: { path: root },
    hint: 'mount cgroup2 on /sys/fs/cgroup (or the v1 hierarchies) and retry',
  });
}

function unifiedHost(mount: CgroupMount): CgroupHostV2 {
  const listed = readText(join(mount.mountPoint, 'cgroup.controllers'), 'the cgroup v2 controllers');
  return {
    version: 2,
    mode: 'unified',
    root: mount.mountPoint,
    controllers: listed.split(/\s+/).filter(Boolean),
  };
}
