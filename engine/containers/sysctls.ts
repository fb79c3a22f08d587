// --sysctl KEY=VALUE, only for keys the container's own namespaces hold
// (Docker's list: IPC keys and fs.mqueue.* in its IPC namespace, net.* in its
// network namespace). The helper writes them under /proc/sys inside those
// namespaces before the program's execve, and refuses any other key itself.
import { UsageError } from '../errors.js';

const IPC_KEYS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);

export function checkSysctl(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  if (eq <= 0) throw new UsageError(`invalid value "${entry}" for --sysctl: use KEY=VALUE`);
  const key = entry.slice(0, eq).replace(/\//g, '.');
  const value = entry.slice(eq + 1);
  if (!/^[a-z0-9_]+(\.[A-Za-z0-9_-]+)+$/.test(key)) throw new UsageError(`invalid value "${entry}" for --sysctl: "${key}" is not a sysctl name`);
  if (!(IPC_KEYS.has(key) || key.startsWith('fs.mqueue.') || key.startsWith('net.'))) {
    throw new UsageError(`sysctl "${key}" is not allowed: it is not in a namespace the container owns`, {
      hint: 'only net.*, kernel.msg*, kernel.sem, kernel.shm* and fs.mqueue.* can be set per container',
    });
  }
  if (value === '' || value.length > 256 || !/^[\x20-\x7e\t]+$/.test(value)) throw new UsageError(`invalid value "${entry}" for --sysctl: the value must be printable text`);
  return [key, value];
}

/** The helper's `--sysctl KEY=VALUE` arguments; net.* only with a network namespace of its own. */
export function sysctlArgs(sysctls: Record<string, string> | undefined): string[] {
  return Object.entries(sysctls ?? {}).flatMap(([k, v]) => ['--sysctl', `${k}=${v}`]);
}
