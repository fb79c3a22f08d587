// The EnginePort backed by the real engine. Images use engine/images and
// engine/pull; containers are read from their records and sampled through
// their cgroups; verbs, logs and exec go to engine/containers.
import type { Engine } from '../../engine/engine.js';
import { imageRows } from '../../engine/images/list-images.js';
import { removeImage } from '../../engine/images/remove-image.js';
import { pullImage } from '../../engine/pull/pull-image.js';
import { parseReference } from '../../engine/reference/reference.js';
import { findContainer, loadContainers } from '../../engine/containers/lookup.js';
import { startContainer } from '../../engine/containers/start-container.js';
import { killContainer, restartContainer, stopContainer } from '../../engine/containers/lifecycle.js';
import { removeContainer } from '../../engine/containers/remove-container.js';
import { readLogs } from '../../engine/containers/logs.js';
import { execCommand } from '../../engine/containers/exec-args.js';
import { resolveUser } from '../../engine/containers/user.js';
import { layerDirsTopFirst } from '../../engine/containers/create-container.js';
import { containerCgroup } from '../../engine/containers/cgroups.js';
import { StatsSampler } from '../../engine/stats/stats-sampler.js';
import { containerRowOf } from './container-row.js';
import type { ContainerStats, ContainerVerb, EnginePort } from './engine-port.js';

export function createEnginePort(engine: Engine): EnginePort {
  const sampler = new StatsSampler();
  const pids = new Map<string, number>();
  return {
    listImages: () => imageRows(engine.layout),
    async removeImage(id, force) {
      await removeImage(engine.layout, id, { force });
    },
    async pullImage(ref, onEvent, signal) {
      await pullImage(engine.layout, await engine.registry(), parseReference(ref), { onEvent, signal });
    },
    async listContainers() {
      const records = await loadContainers(engine.layout);
      pids.clear();
      for (const r of records) if (r.state.status === 'running' && r.state.pid > 0) pids.set(r.config.id, r.state.pid);
      return records.map((r) => containerRowOf(r));
    },
    async stats(ids) {
      const targets = ids.filter((id) => pids.has(id)).map((id) => ({ id, cgroup: containerCgroup(id), pid: pids.get(id) }));
      const out = new Map<string, ContainerStats>();
      for (const result of await sampler.sampleAll(targets)) {
        if (result.status !== 'fulfilled') continue;
        const s = result.value;
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
    async logs(id, tail) {
      const record = await findContainer(engine.layout, id);
      const lines: string[] = [];
      for await (const entry of readLogs(engine.layout, record.config.id, { tail })) lines.push(entry.log.replace(/\r?\n$/, ''));
      return lines;
    },
    async execShellCommand(id) {
      const record = await findContainer(engine.layout, id);
      // The container user's login shell, as lazydocker users expect; /bin/sh when it has none.
      const user = await resolveUser(record.config.user, layerDirsTopFirst(engine.layout, record.config));
      return execCommand(engine.layout, record, { argv: [user.shell ?? '/bin/sh'], env: [], tty: true, privileged: false });
    },
  };
}

async function runVerb(engine: Engine, verb: ContainerVerb, record: Awaited<ReturnType<typeof findContainer>>): Promise<void> {
  switch (verb) {
    case 'start': await startContainer(engine.layout, record); return;
    case 'stop': await stopContainer(engine.layout, record); return;
    case 'restart': await restartContainer(engine.layout, record); return;
    case 'kill': await killContainer(engine.layout, record); return;
    case 'remove': await removeContainer(engine.layout, record, false); return;
  }
}
