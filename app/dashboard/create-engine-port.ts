// The EnginePort backed by the real engine. Images use engine/images and
// engine/pull; containers are read from their records and sampled through
// their cgroups; verbs, logs and exec go to engine/containers.
import type { Engine } from '../../engine/engine.js';
import { imageRows } from '../../engine/images/list-images.js';
import { removeImage } from '../../engine/images/remove-image.js';
import { pullImage } from '../../engine/pull/pull-image.js';
import { parseReference } from '../../engine/reference/reference.js';
import { findContainer } from '../../engine/containers/lookup.js';
import { RecordCache } from '../../engine/containers/record-cache.js';
import { startContainer } from '../../engine/containers/start-container.js';
import { killContainer, restartContainer, stopContainer } from '../../engine/containers/lifecycle.js';
import { removeContainer } from '../../engine/containers/remove-container.js';
import { pauseContainer, unpauseContainer } from '../../engine/containers/pause.js';
import { readLogs } from '../../engine/containers/logs.js';
import { execCommand } from '../../engine/containers/exec-args.js';
import { containerCgroup } from '../../engine/containers/cgroups.js';
import { StatsPoller } from '../../engine/stats/stats-poller.js';
import { ContainerPaths } from '../../engine/containers/record.js';
import { ContainerError } from '../../engine/errors.js';
import { createNetwork, pruneNetworks, removeNetwork } from '../../engine/network/network-ops.js';
import { createVolume, pruneVolumes, removeVolume } from '../../engine/volumes/volume-ops.js';
import type { ContainerRecord } from '../../engine/containers/record.js';
import { containerRowOf } from './container-row.js';
import { networkRows, PortsCache, VolumeSizes, volumeRows } from './store-rows.js';
import { imageDetail, networkDetail, volumeDetail } from './store-details.js';
import { checkVolumeName } from '../../engine/volumes/volume-store.js';
import { saveLogFile, streamLogBatches } from './log-stream.js';
import { runFromForm } from './run-container.js';
import { LogTails, recordDetail } from './container-detail.js';
import { listNetworksSync } from '../../engine/network/inspect-settings.js';
import type { ContainerStats, ContainerVerb, EnginePort } from './engine-port.js';

export function createEnginePort(engine: Engine): EnginePort {
  // Both keep state between ticks so an idle dashboard re-reads only what changed.
  const records = new RecordCache(engine.layout);
  const poller = new StatsPoller((id) => containerCgroup(id).paths());
  const pids = new Map<string, number>();
  const ports = new PortsCache();
  const sizes = new VolumeSizes();
  const logTails = new LogTails(engine.layout);
  // The records of the last container listing name the users of networks and volumes.
  let latest: ContainerRecord[] | undefined;
  const recordsNow = async () => latest ?? (latest = await records.load());
  return {
    // The users of each image come from the records the refresh already holds.
    listImages: async () => imageRows(engine.layout, imageUsers(await recordsNow())),
    async removeImage(id, force) {
      await removeImage(engine.layout, id, { force });
    },
    async pullImage(ref, onEvent, signal) {
      await pullImage(engine.layout, await engine.registry(), parseReference(ref), { onEvent, signal });
    },
    async listContainers() {
      const list = await records.load();
      latest = list;
      pids.clear();
      for (const r of list) if (r.state.status === 'running' && r.state.pid > 0) pids.set(r.config.id, r.state.pid);
      ports.keep(new Set(list.map((r) => r.config.id)));
      const now = Date.now();
      return list.map((r) => containerRowOf(r, now, ports.of(engine.layout, r)));
    },
    async stats(ids) {
      const targets = ids.filter((id) => pids.has(id)).map((id) => ({ id, pid: pids.get(id) }));
      const out = new Map<string, ContainerStats>();
      for (const s of await poller.poll(targets)) {
        out.set(s.id, {
          cpuPercent: s.cpuPercent, memUsed: s.memoryUsed, memLimit: s.memoryLimit,
          pids: s.pids, netRx: s.netRx, netTx: s.netTx,
        });
      }
      return out;
    },
    async containerAction(verb, id) {
      const record = await findContainer(engine.layout, id);
      await runVerb(engine, verb, record);
    },
    async containerDetail(id, logLines) {
      const record = (await recordsNow()).find((r) => r.config.id === id) ?? await findContainer(engine.layout, id);
      return { ...recordDetail(record, listNetworksSync(engine.layout)), logLines: await logTails.of(record.config.id, logLines) };
    },
    async streamLogs(id, tail, onLines, signal) {
      const record = await findContainer(engine.layout, id);
      await streamLogBatches(readLogs(engine.layout, record.config.id, { tail, follow: true, signal, pollMs: 250 }), onLines);
    },
    async saveLogs(id, path, timestamps) {
      const record = await findContainer(engine.layout, id);
      return saveLogFile(readLogs(engine.layout, record.config.id, {}), path, timestamps);
    },
    async execShellCommand(id) {
      const record = await findContainer(engine.layout, id);
      // The container user's login shell, as lazydocker users expect; /bin/sh when it has none.
      return execCommand(engine.layout, record, { argv: [], loginShell: true, env: [], tty: true, privileged: false });
    },
    runContainer: (request) => runFromForm(engine.layout, request),
    listNetworks: async () => networkRows(engine.layout, await recordsNow()),
    createNetwork: async (name) => (await createNetwork(engine.layout, { name })).name,
    async removeNetwork(name) {
      await removeNetwork(engine.layout, name);
    },
    pruneNetworks: () => pruneNetworks(engine.layout),
    listVolumes: async () => volumeRows(engine.layout, await recordsNow(), sizes, false),
    createVolume: async (name) => (await createVolume(engine.layout, name === '' ? undefined : name)).Name,
    removeVolume: (name) => removeVolume(engine.layout, name, false),
    pruneVolumes: () => pruneVolumes(engine.layout, false),
    networkDetail: async (name) => networkDetail(engine.layout, await recordsNow(), name),
    volumeDetail: async (name) => volumeDetail(engine.layout, await recordsNow(), name),
    volumeSize: (name) => sizes.one(engine.layout, checkVolumeName(name)),
    imageDetail: async (key) => imageDetail(engine.layout, await recordsNow(), key),
    async attachTarget(id) {
      const record = await findContainer(engine.layout, id);
      if (record.state.status !== 'running') {
        throw new ContainerError('CONTAINER_NOT_RUNNING', `container ${record.config.name} is not running; start it first (s)`);
      }
      // Without a terminal and stdin there are no detach keys to come back with (as in Docker); its output is in the logs.
      if (!record.config.tty || !record.config.openStdin) {
        throw new ContainerError('CONTAINER_NO_TTY', `container ${record.config.name} has no interactive terminal (run it with -it); press l for its logs`);
      }
      return { socketDir: new ContainerPaths(engine.layout, record.config.id).dir, openStdin: record.config.openStdin };
    },
  };
}

function imageUsers(records: readonly ContainerRecord[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const { config } of records) {
    const list = users.get(config.image);
    if (list) list.push(config.name);
    else users.set(config.image, [config.name]);
  }
  return users;
}

async function runVerb(engine: Engine, verb: ContainerVerb, record: Awaited<ReturnType<typeof findContainer>>): Promise<void> {
  switch (verb) {
    case 'start': await startContainer(engine.layout, record); return;
    case 'stop': await stopContainer(engine.layout, record); return;
    case 'restart': await restartContainer(engine.layout, record); return;
    case 'kill': await killContainer(engine.layout, record); return;
    // Only after a confirmation that names the running ones (keys.ts).
    case 'remove': await removeContainer(engine.layout, record, true); return;
    case 'pause': await pauseContainer(engine.layout, record); return;
    case 'unpause': await unpauseContainer(engine.layout, record); return;
  }
}
