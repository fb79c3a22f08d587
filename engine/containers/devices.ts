// --device HOST[:CONTAINER[:PERMS]] as Docker's HostConfig.Devices entries.
// The engine checks the shape and that HOST is a device node now, so a typo
// fails at create; the helper checks again at start (it trusts no caller),
// makes the node in the container's /dev and allows it in the devices cgroup.
import { statSync } from 'node:fs';
import { posix } from 'node:path';
import { UsageError } from '../errors.js';

export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

function bad(value: string, why: string): UsageError {
  return new UsageError(`invalid value "${value}" for --device: ${why}`, { hint: 'use --device /dev/HOST[:/dev/CONTAINER[:rwm]]' });
}

function isPerms(s: string): boolean {
  return /^[rwm]{1,3}$/.test(s) && new Set(s).size === s.length;
}

export function checkDevice(value: string, stat: typeof statSync = statSync): DeviceMapping {
  const parts = value.split(':');
  if (parts.length > 3) throw bad(value, 'too many ":"');
  const [host = '', second, third] = parts;
  let container = host;
  let perms = 'rwm';
  if (third !== undefined) {
    container = second!;
    perms = third;
  } else if (second !== undefined) {
    if (isPerms(second)) perms = second;
    else container = second;
  }
  if (!isPerms(perms)) throw bad(value, `"${perms}" is not a combination of r, w and m`);
  for (const p of [host, container]) {
    if (!p.startsWith('/dev/') || posix.normalize(p) !== p || p.split('/').includes('..') || p.endsWith('/') || p.length > 255) {
      throw bad(value, `${p || '""'} is not a path below /dev`);
    }
  }
  let st;
  try {
    st = stat(host);
  } catch (err) {
    throw bad(value, `${host}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such device' : (err as Error).message}`);
  }
  if (!st.isCharacterDevice() && !st.isBlockDevice()) throw bad(value, `${host} is not a character or block device`);
  return { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms };
}

/** The helper's `--device HOST,CONTAINER,PERMS` arguments. */
export function deviceArgs(devices: readonly DeviceMapping[] | undefined): string[] {
  return (devices ?? []).flatMap((d) => ['--device', `${d.PathOnHost},${d.PathInContainer},${d.CgroupPermissions}`]);
}
