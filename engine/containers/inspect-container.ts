// `inspect`: a container record in the shape of Docker's ContainerJSON, for
// the fields tscontain has.
import { ContainerPaths, type ContainerRecord } from './record.js';
import type { StoreLayout } from '../store/layout.js';
import { hostConfigNetwork, networkSettings } from '../network/inspect-settings.js';
import { inspectMounts, inspectTmpfs } from '../volumes/resolve-mounts.js';
import { extrasConfig, extrasHostConfig } from './inspect-extras.js';

export function inspectContainer(layout: StoreLayout, record: ContainerRecord): Record<string, unknown> {
  const { config, state } = record;
  const paths = new ContainerPaths(layout, config.id);
  const running = state.status === 'running';
  return {
    Id: config.id,
    Created: config.created,
    Path: config.path,
    Args: config.args,
    State: {
      Status: running && state.paused ? 'paused' : state.status,
      Running: running,
      Paused: running && state.paused === true,
      Restarting: false,
      OOMKilled: state.oomKilled,
      Dead: state.status === 'dead',
      Pid: running ? state.pid : 0,
      ExitCode: state.exitCode,
      Error: state.error,
      StartedAt: state.startedAt,
      FinishedAt: state.finishedAt,
    },
    Image: config.image,
    LogPath: paths.log,
    Name: `/${config.name}`,
    // tscontain has no restart policies: Docker's values for a container run without --restart.
    RestartCount: 0,
    Driver: 'overlay',
    Platform: 'linux',
    HostConfig: {
      Memory: config.limits.memory ?? 0,
      MemorySwap: config.limits.memorySwap ?? 0,
      NanoCpus: config.limits.nanoCpus ?? 0,
      CpuShares: config.limits.cpuShares ?? 0,
      CpusetCpus: config.limits.cpusetCpus ?? '',
      PidsLimit: config.limits.pidsLimit ?? null,
      ReadonlyRootfs: config.readOnly,
      Privileged: config.privileged,
      CapAdd: config.capAdd.length ? config.capAdd : null,
      CapDrop: config.capDrop.length ? config.capDrop : null,
      AutoRemove: config.autoRemove,
      Init: config.init || null,
      Ulimits: config.ulimits?.length ? config.ulimits : null,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      NetworkMode: 'none',
      ...hostConfigNetwork(record),
      Tmpfs: inspectTmpfs(config.mounts),
      ...extrasHostConfig(config),
    },
    Mounts: inspectMounts(layout, config.mounts),
    Config: {
      Hostname: config.hostname,
      User: config.user,
      Tty: config.tty,
      OpenStdin: config.openStdin,
      StdinOnce: false,
      Env: config.env,
      Cmd: config.cmd,
      Image: config.imageName,
      WorkingDir: config.workingDir === '/' ? '' : config.workingDir,
      Entrypoint: config.entrypoint,
      StopSignal: config.stopSignal,
      ...extrasConfig(config),
    },
    NetworkSettings: networkSettings(layout, record),
    GraphDriver: {
      Name: 'overlay',
      Data: {
        LowerDir: [...config.layers].reverse().map((l) => layout.layerDiffDir(l)).join(':'),
        UpperDir: paths.upper,
        WorkDir: `${paths.dir}/work`,
      },
    },
  };
}
