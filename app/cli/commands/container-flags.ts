// The flags `run` and `create` share, turned into the engine's CreateOptions.
// -e KEY (no "=") and bare --env-file lines take the host's value, as Docker's do.
import { readFileSync } from 'node:fs';
import { UsageError } from '../../../engine/errors.js';
import type { CreateOptions } from '../../../engine/containers/create-container.js';
import { flagBool, flagList, flagString, type FlagSpec, type ParsedArgs } from '../args.js';
import { NETWORK_FLAGS, networkOptions } from './network-flags.js';
import { RESTART_FLAG, checkRestartPolicy } from './restart-policy.js';
import { EXTRA_FLAGS, extraOptions } from './extra-flags.js';

export const CREATE_FLAGS: FlagSpec[] = [
  { long: 'name', kind: 'string', valueName: 'string', description: 'Assign a name to the container' },
  { long: 'interactive', short: 'i', kind: 'bool', description: 'Keep STDIN open even if not attached' },
  { long: 'tty', short: 't', kind: 'bool', description: 'Allocate a pseudo-TTY' },
  { long: 'rm', kind: 'bool', description: 'Automatically remove the container when it exits' },
  { long: 'env', short: 'e', kind: 'list', valueName: 'list', description: 'Set environment variables' },
  { long: 'env-file', kind: 'list', valueName: 'list', description: 'Read in a file of environment variables' },
  { long: 'workdir', short: 'w', kind: 'string', valueName: 'string', description: 'Working directory inside the container' },
  { long: 'user', short: 'u', kind: 'string', valueName: 'string', description: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  { long: 'hostname', short: 'h', kind: 'string', valueName: 'string', description: 'Container host name' },
  { long: 'entrypoint', kind: 'string', valueName: 'string', description: 'Overwrite the default ENTRYPOINT of the image' },
  { long: 'memory', short: 'm', kind: 'string', valueName: 'bytes', description: 'Memory limit' },
  { long: 'memory-swap', kind: 'string', valueName: 'bytes', description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  { long: 'cpus', kind: 'string', valueName: 'decimal', description: 'Number of CPUs' },
  { long: 'cpu-shares', short: 'c', kind: 'string', valueName: 'int', description: 'CPU shares (relative weight)' },
  { long: 'cpuset-cpus', kind: 'string', valueName: 'string', description: 'CPUs in which to allow execution (0-3, 0,1)' },
  { long: 'pids-limit', kind: 'string', valueName: 'int', description: 'Tune container pids limit (set -1 for unlimited)' },
  { long: 'read-only', kind: 'bool', description: "Mount the container's root filesystem as read only" },
  { long: 'init', kind: 'bool', description: 'Run an init inside the container that forwards signals and reaps processes' },
  { long: 'cap-add', kind: 'list', valueName: 'list', description: 'Add Linux capabilities' },
  { long: 'cap-drop', kind: 'list', valueName: 'list', description: 'Drop Linux capabilities' },
  { long: 'privileged', kind: 'bool', description: 'Give extended privileges to this container' },
  RESTART_FLAG,
  ...NETWORK_FLAGS,
  { long: 'ulimit', kind: 'list', valueName: 'ulimit', description: 'Ulimit options (NAME=SOFT[:HARD], e.g. nofile=1024:2048)' },
  { long: 'volume', short: 'v', kind: 'list', valueName: 'list', description: 'Bind mount a volume (SOURCE:TARGET[:ro], or TARGET for an anonymous volume)' },
  { long: 'mount', kind: 'list', valueName: 'mount', description: 'Attach a filesystem mount to the container (type=bind|volume|tmpfs,source=,target=,readonly)' },
  { long: 'tmpfs', kind: 'list', valueName: 'list', description: 'Mount a tmpfs directory (TARGET[:OPTIONS])' },
  { long: 'volumes-from', kind: 'list', valueName: 'list', description: 'Mount volumes from the specified container(s) (CONTAINER[:ro|rw])' },
  ...EXTRA_FLAGS,
];

/** KEY=VALUE entries from -e flags; "KEY" alone takes the host's value or is dropped. */
export function expandEnv(entries: readonly string[], hostEnv: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    if (entry === '' || entry.startsWith('=')) throw new UsageError(`invalid environment variable: ${entry}`);
    if (entry.includes('=')) out.push(entry);
    else if (hostEnv[entry] !== undefined) out.push(`${entry}=${hostEnv[entry]}`);
  }
  return out;
}

export function readEnvFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read env file ${path}: ${(err as Error).message}`);
  }
  return text.split('\n').map((l) => l.replace(/^\s+/, '').replace(/\r$/, '')).filter((l) => l !== '' && !l.startsWith('#'));
}

export function createOptions(args: ParsedArgs, signal: AbortSignal): CreateOptions {
  const [image, ...rest] = args.operands;
  if (!image) throw new UsageError('requires at least 1 argument', { hint: 'give an IMAGE to run' });
  checkRestartPolicy(flagString(args, 'restart'));
  const fileEnv = flagList(args, 'env-file').flatMap(readEnvFile);
  return {
    image,
    args: rest,
    name: flagString(args, 'name'),
    entrypoint: flagString(args, 'entrypoint'),
    env: expandEnv([...fileEnv, ...flagList(args, 'env')]),
    workingDir: flagString(args, 'workdir'),
    user: flagString(args, 'user'),
    hostname: flagString(args, 'hostname'),
    tty: flagBool(args, 'tty'),
    openStdin: flagBool(args, 'interactive'),
    init: flagBool(args, 'init'),
    readOnly: flagBool(args, 'read-only'),
    privileged: flagBool(args, 'privileged'),
    capAdd: flagList(args, 'cap-add'),
    capDrop: flagList(args, 'cap-drop'),
    limits: {
      memory: flagString(args, 'memory'),
      memorySwap: flagString(args, 'memory-swap'),
      cpus: flagString(args, 'cpus'),
      cpuShares: flagString(args, 'cpu-shares'),
      cpusetCpus: flagString(args, 'cpuset-cpus'),
      pidsLimit: flagString(args, 'pids-limit'),
      memoryReservation: flagString(args, 'memory-reservation'),
      cpuPeriod: flagString(args, 'cpu-period'),
      cpuQuota: flagString(args, 'cpu-quota'),
    },
    autoRemove: flagBool(args, 'rm'),
    network: networkOptions(args),
    ulimits: flagList(args, 'ulimit'),
    mounts: {
      volumes: flagList(args, 'volume'),
      mounts: flagList(args, 'mount'),
      tmpfs: flagList(args, 'tmpfs'),
      volumesFrom: flagList(args, 'volumes-from'),
    },
    extras: extraOptions(args),
    cidFile: flagString(args, 'cidfile'),
    signal,
  };
}
