// A container's two records in STORE/containers/<id>/: config.json (what was
// asked, written once at create, changed only by rename) and state.json (what
// happened, rewritten at each transition). Both are written atomically; the
// helper's own files (state, exit.json, log.json, attach.sock) sit beside them.
import type { Ulimit } from './ulimits.js';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromSystemError } from '../errors.js';
import { readJsonIfExists, writeFileAtomic } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';
import type { CgroupLimits } from '../cgroups/parse-limits.js';
import type { ContainerNetworkConfig } from '../network/container-network.js';
import type { MountSpec } from '../volumes/mount-spec.js';
import type { ContainerExtras } from './run-extras.js';

export const CONTAINER_ID = /^[0-9a-f]{64}$/;

export interface ContainerConfig extends ContainerExtras {
  id: string;
  /** Without Docker's leading "/". */
  name: string;
  /** Image ID (sha256:...); rmi reads it. */
  image: string;
  /** The image as the user typed it, shown by ps. */
  imageName: string;
  created: string;
  /** The program and its arguments after merging the image config. */
  path: string;
  args: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  workingDir: string;
  /** As given (-u or the image's User); resolved to numbers at each start. */
  user: string;
  hostname: string;
  tty: boolean;
  openStdin: boolean;
  init: boolean;
  readOnly: boolean;
  privileged: boolean;
  capAdd: string[];
  capDrop: string[];
  limits: CgroupLimits;
  autoRemove: boolean;
  /** --ulimit (absent in older records). */
  ulimits?: Ulimit[];
  /** The image's StopSignal, used by stop. */
  stopSignal: string;
  /** Chain IDs, lowest first. */
  layers: string[];
  /** --network, -p, -P, --add-host, --dns (absent in records older than networks: none). */
  network?: ContainerNetworkConfig;
  /** Binds, volumes (by name) and tmpfs mounts, decided at create (engine/volumes/); absent in older records. */
  mounts?: MountSpec[];
}

export type ContainerStatus = 'created' | 'running' | 'exited' | 'dead';

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  pidStart: number;
  monitorPid: number;
  monitorStart: number;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  oomKilled: boolean;
  error: string;
  /** Frozen by `pause` (absent in older records); only meaningful while running. */
  paused?: boolean;
}

/** What the monitor writes when the container ends (helper-c/README.md). */
export interface ExitRecord {
  exitCode: number;
  signal: string | null;
  oomKilled: boolean;
  finishedAt: string;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function initialState(): ContainerState {
  return {
    status: 'created', pid: 0, pidStart: 0, monitorPid: 0, monitorStart: 0,
    startedAt: ZERO_TIME, finishedAt: ZERO_TIME, exitCode: 0, oomKilled: false, error: '',
  };
}

/** Paths of one container's files. */
export class ContainerPaths {
  constructor(readonly layout: StoreLayout, readonly id: string) {}
  get dir(): string { return join(this.layout.containersDir, this.id); }
  get config(): string { return join(this.dir, 'config.json'); }
  get state(): string { return join(this.dir, 'state.json'); }
  get upper(): string { return join(this.dir, 'upper'); }
  get log(): string { return join(this.dir, 'log.json'); }
  get exit(): string { return join(this.dir, 'exit.json'); }
  get socket(): string { return join(this.dir, 'attach.sock'); }
  /** The helper's root-owned "INITPID INITSTART MONPID MONSTART" file. */
  get helperState(): string { return join(this.dir, 'state'); }
  /** The program's environment, root-only, for the helper's --env-file (never its argv). */
  get env(): string { return join(this.dir, 'env'); }
}

export interface ContainerRecord {
  config: ContainerConfig;
  state: ContainerState;
}

/**
 * Reads are synchronous on purpose: the dashboard lists every container each
 * second, and two small async reads per container cost ten thread-pool round
 * trips where a synchronous read of a cached file takes microseconds.
 */
export async function readRecord(layout: StoreLayout, id: string): Promise<ContainerRecord | undefined> {
  const paths = new ContainerPaths(layout, id);
  const config = readJsonSync<ContainerConfig>(paths.config);
  // A directory without a complete config is a create that died half-way; callers skip it.
  if (!config?.id || config.id !== id) return undefined;
  const state = readJsonSync<ContainerState>(paths.state) ?? initialState();
  return { config, state: { ...initialState(), ...state } };
}

function readJsonSync<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeConfig(layout: StoreLayout, config: ContainerConfig): Promise<void> {
  // A --rm container is removed at its end or found gone after a reboot: no fsyncs for it.
  await writeFileAtomic(new ContainerPaths(layout, config.id).config, JSON.stringify(config, null, 2) + '\n', 0o600, { durable: !config.autoRemove });
}

export async function writeState(layout: StoreLayout, id: string, state: ContainerState, opts: { durable?: boolean } = {}): Promise<void> {
  await writeFileAtomic(new ContainerPaths(layout, id).state, JSON.stringify(state, null, 2) + '\n', 0o600, opts);
}

export async function readExitRecord(layout: StoreLayout, id: string): Promise<ExitRecord | undefined> {
  return readJsonIfExists<ExitRecord>(new ContainerPaths(layout, id).exit).catch(() => undefined);
}

export async function listContainerIds(layout: StoreLayout): Promise<string[]> {
  try {
    return (await readdir(layout.containersDir)).filter((n) => CONTAINER_ID.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fromSystemError(err, 'listing containers');
  }
}
