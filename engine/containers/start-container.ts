// `start`: a fresh cgroup with the container's limits, then the helper's
// `run`, which returns once the program was exec'd and leaves a monitor
// behind as the container's parent. A failed start keeps the status it had
// and records the exit code and error, as Docker does (126/127 included).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ContainerError, TscontainError } from '../errors.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { processStartTime } from '../util/proc.js';
import { cgroupDriver, removeContainerCgroup, warmContainerCgroupMoves } from './cgroups.js';
import { callHelper } from './helper-verbs.js';
import { ContainerPaths, readRecord, writeState, ZERO_TIME, type ContainerConfig, type ContainerRecord, type ContainerState } from './record.js';
import { monitorAlive, reconcile } from './reconcile.js';
import { mergeEnv } from './spec.js';
import { writeRunEnvFile } from './env-file.js';
import { resolveUser } from './user.js';
import { containerFileLayers } from './file-layers.js';
import { prepareNetworkStart } from '../network/start-network.js';
import { syncNetworking } from '../network/sync.js';
import { rlimitArgs } from './ulimits.js';
import { helperMountArgs } from '../volumes/resolve-mounts.js';
import { copyUpForStart } from '../volumes/copy-up.js';
import { extraRunArgs } from './extra-run-args.js';

export interface StartOptions {
  signal?: AbortSignal;
  /** Limits the kernel cannot apply (no swap accounting, say): Docker prints them as WARNING lines. */
  onWarning?: (message: string) => void;
  /**
   * The caller attaches right after the start (`run -it`, `start -ai`): the
   * helper holds the program before its execve until the first attach client
   * connects (at most 10 s), so a shell's first prompt is not written to nobody.
   */
  waitAttach?: boolean;
}

/** Environment as the program gets it: the container's, plus HOSTNAME and HOME like Docker's runtime. */
function runtimeEnv(config: ContainerConfig, home: string | undefined): string[] {
  const defaults = [`HOSTNAME=${config.hostname}`];
  if (!config.env.some((e) => e.startsWith('HOME='))) defaults.push(`HOME=${home || '/'}`);
  return mergeEnv(defaults, config.env);
}

async function runArgs(layout: StoreLayout, config: ContainerConfig, cgroupDirs: string[], waitAttach: boolean, netArgs: string[]): Promise<string[]> {
  const user = await resolveUser(config.user, await containerFileLayers(layout, config), config.groupAdd);
  const args = ['--store', layout.root, '--id', config.id];
  for (const layer of config.layers) args.push('--layer', layout.layerDiffDir(layer));
  args.push('--hostname', config.hostname, '--cwd', config.workingDir, '--user', `${user.uid}:${user.gid}`);
  if (user.groups.length) args.push('--groups', user.groups.join(','));
  args.push('--env-file', await writeRunEnvFile(layout, config.id, runtimeEnv(config, user.home)));
  for (const c of config.capAdd) args.push('--cap-add', c);
  for (const c of config.capDrop) args.push('--cap-drop', c);
  if (config.privileged) args.push('--privileged');
  if (config.readOnly) args.push('--read-only');
  if (config.tty) args.push('--tty');
  if (config.openStdin) args.push('--stdin');
  if (config.init) args.push('--init');
  args.push(...rlimitArgs(config.ulimits));
  args.push(...extraRunArgs(config));
  if (waitAttach) args.push('--wait-attach');
  // No daemon outlives a -d --rm container: its monitor removes it (cgroups and directory) at the end.
  if (config.autoRemove) args.push('--auto-remove');
  for (const dir of cgroupDirs) args.push('--cgroup', dir);
  args.push(...netArgs);
  args.push(...await helperMountArgs(layout, config.mounts));
  await copyUpForStart(layout, config);
  args.push('--', config.path, ...config.args);
  return args;
}

async function helperStartTimes(paths: ContainerPaths): Promise<number[] | undefined> {
  const text = await readFile(paths.helperState, 'utf8').catch(() => '');
  const fields = text.trim().split(/\s+/).map(Number);
  return fields.length === 4 && fields.every(Number.isSafeInteger) ? fields : undefined;
}

export async function startContainer(layout: StoreLayout, record: ContainerRecord, opts: StartOptions = {}): Promise<ContainerRecord> {
  const { id } = record.config;
  return withStoreLock(layout.root, async () => {
    const current = await readRecord(layout, id).then((r) => r && reconcile(layout, r, { autoRemove: false }));
    if (!current) throw new ContainerError('CONTAINER_NOT_FOUND', `No such container: ${id}`);
    // Docker's start of a running container does nothing.
    if (current.state.status === 'running' && monitorAlive(current.state)) {
      if (current.state.paused) throw new ContainerError('CONTAINER_PAUSED', 'cannot start a paused container, try unpause instead');
      return current;
    }
    const { config } = current;
    await removeContainerCgroup(id);
    const { cgroup, warnings } = await cgroupDriver().create(id, config.limits);
    for (const w of warnings) opts.onWarning?.(w);
    // Not earlier: the kernel holds cgroup_mutex through the grace period, which would stall the mkdirs above.
    warmContainerCgroupMoves();
    let reply: { pid: number; monitorPid: number };
    try {
      const netArgs = await prepareNetworkStart(layout, config);
      const out = await callHelper('run', await runArgs(layout, config, cgroup.paths().dirs, opts.waitAttach ?? false, netArgs), opts.signal);
      reply = JSON.parse(out.stdout.trim().split('\n').pop() ?? '') as typeof reply;
    } catch (err) {
      await removeContainerCgroup(id).catch(() => undefined);
      await syncNetworking(layout).catch(() => undefined);
      const failed: ContainerState = {
        ...current.state,
        exitCode: typeof (err as TscontainError).fields?.exitStatus === 'number' ? Number((err as TscontainError).fields.exitStatus) : 128,
        error: (err as Error).message,
      };
      // A --rm container's monitor may have removed it already: the helper's error is what counts.
      await writeState(layout, id, failed).catch((writeErr: unknown) => {
        if (existsSync(new ContainerPaths(layout, id).config)) throw writeErr;
      });
      throw err;
    }
    const times = await helperStartTimes(new ContainerPaths(layout, id));
    const state: ContainerState = {
      status: 'running',
      pid: reply.pid,
      pidStart: times?.[0] === reply.pid ? times[1]! : processStartTime(reply.pid) ?? 0,
      monitorPid: reply.monitorPid,
      monitorStart: times?.[2] === reply.monitorPid ? times[3]! : processStartTime(reply.monitorPid) ?? 0,
      startedAt: new Date().toISOString(),
      finishedAt: ZERO_TIME,
      exitCode: 0,
      oomKilled: false,
      error: '',
    };
    try {
      await writeState(layout, id, state, { durable: !config.autoRemove });
    } catch (err) {
      // `run -d --rm` of a program that ended at once: its monitor already removed it.
      if (existsSync(new ContainerPaths(layout, id).config)) throw err;
      await syncNetworking(layout);
      return { config, state: { ...state, status: 'exited', pid: 0 } };
    }
    await syncNetworking(layout);
    return { config, state };
  }, { signal: opts.signal });
}
