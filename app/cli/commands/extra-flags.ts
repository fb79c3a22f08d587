// run/create flags beyond the basics (engine/containers/run-extras.ts checks them).
import { readFileSync } from 'node:fs';
import { UsageError } from '../../../engine/errors.js';
import type { ExtraFlags } from '../../../engine/containers/run-extras.js';
import { flagList, flagString, type FlagSpec, type ParsedArgs } from '../args.js';

export const EXTRA_FLAGS: FlagSpec[] = [
  { long: 'label', short: 'l', kind: 'list', valueName: 'list', description: 'Set meta data on a container' },
  { long: 'label-file', kind: 'list', valueName: 'list', description: 'Read in a line delimited file of labels' },
  { long: 'stop-signal', kind: 'string', valueName: 'string', description: 'Signal to stop the container' },
  { long: 'stop-timeout', kind: 'string', valueName: 'int', description: 'Timeout (in seconds) to stop a container' },
  { long: 'shm-size', kind: 'string', valueName: 'bytes', description: 'Size of /dev/shm (default 64m)' },
  { long: 'group-add', kind: 'list', valueName: 'list', description: 'Add additional groups to join' },
  { long: 'security-opt', kind: 'list', valueName: 'list', description: 'Security Options (no-new-privileges[:true|false])' },
  { long: 'device', kind: 'list', valueName: 'list', description: 'Add a host device to the container (HOST[:CONTAINER[:PERMS]])' },
  { long: 'expose', kind: 'list', valueName: 'list', description: 'Expose a port or a range of ports' },
  { long: 'dns-search', kind: 'list', valueName: 'list', description: 'Set custom DNS search domains' },
  { long: 'dns-option', kind: 'list', valueName: 'list', description: 'Set DNS options' },
  { long: 'sysctl', kind: 'list', valueName: 'map', description: 'Sysctl options (net.*, kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*)' },
  { long: 'cidfile', kind: 'string', valueName: 'string', description: 'Write the container ID to the file' },
  { long: 'memory-reservation', kind: 'string', valueName: 'bytes', description: 'Memory soft limit' },
  { long: 'cpu-period', kind: 'string', valueName: 'int', description: 'Limit CPU CFS (Completely Fair Scheduler) period' },
  { long: 'cpu-quota', kind: 'string', valueName: 'int', description: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
];

/** Lines of a --label-file: blank lines and # comments skipped, as Docker does. */
export function readLabelFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read label file ${path}: ${(err as Error).message}`);
  }
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

export function extraOptions(args: ParsedArgs): ExtraFlags {
  return {
    // Docker: the file's labels first, so --label wins.
    labels: [...flagList(args, 'label-file').flatMap(readLabelFile), ...flagList(args, 'label')],
    stopSignal: flagString(args, 'stop-signal'),
    stopTimeout: flagString(args, 'stop-timeout'),
    shmSize: flagString(args, 'shm-size'),
    groupAdd: flagList(args, 'group-add'),
    securityOpt: flagList(args, 'security-opt'),
    devices: flagList(args, 'device'),
    expose: flagList(args, 'expose'),
    sysctls: flagList(args, 'sysctl'),
    dnsSearch: flagList(args, 'dns-search'),
    dnsOptions: flagList(args, 'dns-option'),
  };
}
