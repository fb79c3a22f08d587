// Brings the host in line with the records: a bridge exists while a running
// container uses its network, the store's nft table holds exactly the NAT of
// those bridges and the ports of running containers, and leases of
// containers that no longer exist are dropped. Runs under the store lock
// after every start, settle and removal and every network command, so
// whatever a crash left behind is put right by the next of them.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreLayout } from '../store/layout.js';
import { writeFileAtomic } from '../store/atomic.js';
import { processRunning } from '../containers/process-alive.js';
import { listContainerIds, readRecord } from '../containers/record.js';
import { networkOf, isBridged, readPortsSync } from './container-network.js';
import { applyRules, bridgeDown, storeBridges } from './helper-net.js';
import { listNetworks, networksDir, writeNetwork } from './records.js';
import { pruneForwardRules } from './forward-rules.js';

function appliedFile(layout: StoreLayout): string {
  return join(networksDir(layout), 'applied-rules.json');
}

/** IDs of containers whose monitor is alive. */
async function runningIds(layout: StoreLayout): Promise<{ all: Set<string>; running: Set<string> }> {
  const all = new Set<string>();
  const running = new Set<string>();
  for (const id of await listContainerIds(layout)) {
    const r = await readRecord(layout, id);
    if (!r) continue;
    all.add(id);
    if (r.state.status === 'running' && processRunning(r.state.monitorPid, r.state.monitorStart) && isBridged(networkOf(r.config).mode)) running.add(id);
  }
  return { all, running };
}

export async function syncNetworking(layout: StoreLayout): Promise<void> {
  const networks = await listNetworks(layout);
  const existing = storeBridges(layout.root);
  const applied = await readFile(appliedFile(layout), 'utf8').catch(() => '[]');
  if (networks.length === 0 && existing.length === 0 && applied.trim() === '[]') {
    await pruneForwardRules(layout, new Set(), new Set());
    return;
  }
  const { all, running } = await runningIds(layout);
  const rules: string[] = [];
  const wanted = new Set<string>();
  for (const n of networks) {
    const stale = Object.keys(n.endpoints).filter((id) => !all.has(id));
    if (stale.length) {
      for (const id of stale) delete n.endpoints[id];
      await writeNetwork(layout, n, { durable: false });
    }
    if (Object.keys(n.endpoints).some((id) => running.has(id))) {
      wanted.add(n.bridge);
      rules.push('--masquerade', `${n.bridge},${n.subnet}`);
    }
  }
  for (const id of [...running].sort()) {
    for (const p of readPortsSync(layout, id)) {
      rules.push('--publish', `${p.proto},${p.hostIp},${p.hostPort},${p.containerIp},${p.containerPort}`);
    }
  }
  // Rules first: no rule may name a bridge that is about to go.
  const text = JSON.stringify(rules);
  if (text !== applied.trim()) {
    await applyRules(layout.root, rules);
    await mkdir(networksDir(layout), { recursive: true, mode: 0o700 });
    await writeFileAtomic(appliedFile(layout), text + '\n', 0o600);
  }
  const takenDown = new Set(existing.filter((b) => !wanted.has(b)));
  for (const bridge of takenDown) await bridgeDown(layout.root, bridge);
  await pruneForwardRules(layout, new Set(existing.filter((b) => !takenDown.has(b))), takenDown);
}
