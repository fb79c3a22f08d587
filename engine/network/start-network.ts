// What `start` needs from the network: the helper's --network/--veth flags,
// the bridges up, and the container's published ports checked and chosen
// before anything runs (a taken port is an error now, not a broken
// container later). Runs under the store lock.
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';
import { NetworkError } from '../errors.js';
import { processRunning } from '../containers/process-alive.js';
import { listContainerIds, readRecord, type ContainerConfig } from '../containers/record.js';
import { parseCidr } from './cidr.js';
import { networkOf, isBridged, readPortsSync, writePorts } from './container-network.js';
import { endpointsOf } from './endpoints.js';
import { bridgeUp } from './helper-net.js';
import { bridgeOwner, bridgeReady } from './bridge-state.js';
import { noteBridgeUp } from './forward-rules.js';
import { probePort } from './port-probe.js';
import { exposedToSpecs, type PortSpec, type PublishedPort } from './ports.js';
import { listNetworks, networksDir, type NetworkRecord } from './records.js';

function clash(a: { proto: string; hostIp: string; hostPort: number }, b: { proto: string; hostIp: string; hostPort: number }): boolean {
  return a.proto === b.proto && a.hostPort === b.hostPort && (a.hostIp === b.hostIp || a.hostIp === '0.0.0.0' || b.hostIp === '0.0.0.0');
}

/** Ports other running containers of this store publish. */
async function portsInUse(layout: StoreLayout, self: string): Promise<PublishedPort[]> {
  const out: PublishedPort[] = [];
  for (const id of await listContainerIds(layout)) {
    if (id === self) continue;
    const r = await readRecord(layout, id);
    if (r && r.state.status === 'running' && processRunning(r.state.monitorPid, r.state.monitorStart)) out.push(...readPortsSync(layout, id));
  }
  return out;
}

export async function choosePorts(layout: StoreLayout, id: string, specs: readonly PortSpec[], containerIp: string): Promise<PublishedPort[]> {
  const taken = await portsInUse(layout, id);
  const chosen: PublishedPort[] = [];
  for (const spec of specs) {
    let hostPort = spec.hostPort;
    for (let attempt = 0; ; attempt++) {
      hostPort = await probePort(spec.proto, spec.hostIp, spec.hostPort);
      const candidate = { ...spec, hostPort };
      if (![...taken, ...chosen].some((p) => clash(p, candidate))) break;
      if (spec.hostPort !== 0 || attempt > 20) {
        throw new NetworkError('PORT_IN_USE', `Bind for ${spec.hostIp}:${spec.hostPort} failed: port is already allocated`, {
          hint: 'another container publishes it; choose another host port',
          fields: { hostIp: spec.hostIp, hostPort: spec.hostPort, proto: spec.proto },
        });
      }
    }
    chosen.push({ ...spec, hostPort, containerIp });
  }
  return chosen;
}

async function recordForwarding(layout: StoreLayout): Promise<void> {
  await writeFileAtomic(join(networksDir(layout), 'ip-forward.json'),
    JSON.stringify({ enabledBy: 'tscontain', at: new Date().toISOString() }) + '\n', 0o600);
}

/** Brings NETWORK's bridge up (idempotent); records it if that turned on IPv4 forwarding. */
export async function ensureBridge(layout: StoreLayout, network: NetworkRecord): Promise<void> {
  const prefix = parseCidr(network.subnet)!.prefix;
  if (bridgeReady(layout.root, network.bridge, network.subnet, network.gateway)) return;
  const owner = bridgeOwner(layout.root, network.bridge);
  if (owner) {
    // The helper would refuse it too; say whose it is and what to change, rather than "denied".
    throw new NetworkError('NETWORK_INVALID', owner.other
      ? `bridge ${network.bridge} belongs to another tscontain store (${owner.other})`
      : `interface ${network.bridge} already exists and is not a tscontain bridge`, {
      hint: 'give this store its own "bridge" and "bip" in its config file (see README, Configuration)',
      fields: { bridge: network.bridge },
    });
  }
  const up = await bridgeUp(layout.root, network.bridge, `${network.gateway}/${prefix}`);
  if (up.forwardingEnabled) await recordForwarding(layout);
  await noteBridgeUp(layout, network.bridge, up.forwardRules, up.warning);
}

/** The helper's network flags for `run`; bridges are up and ports.json written when it returns. */
export async function prepareNetworkStart(layout: StoreLayout, config: ContainerConfig): Promise<string[]> {
  const net = networkOf(config);
  await writePorts(layout, config.id, []);
  if (net.mode === 'host') return ['--network', 'host'];
  const endpoints = isBridged(net.mode) ? endpointsOf(await listNetworks(layout), config.id) : [];
  if (endpoints.length === 0) return ['--network', 'none'];
  const args = ['--network', 'new'];
  for (const [i, e] of endpoints.entries()) {
    await ensureBridge(layout, e.network);
    const prefix = parseCidr(e.network.subnet)!.prefix;
    args.push('--veth', `${e.index},${e.network.bridge},${e.ip}/${prefix}${i === 0 ? `,${e.network.gateway}` : ''}`);
  }
  const explicit = new Set(net.ports.map((p) => `${p.containerPort}/${p.proto}`));
  const exposed = net.publishAll ? exposedToSpecs(net.exposedPorts).filter((p) => !explicit.has(`${p.containerPort}/${p.proto}`)) : [];
  const specs = [...net.ports, ...exposed];
  await writePorts(layout, config.id, await choosePorts(layout, config.id, specs, endpoints[0]!.ip));
  return args;
}
