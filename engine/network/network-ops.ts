// `network create/rm/ls/inspect/connect/disconnect/prune`. Each runs under
// the store lock and ends with a sync, so bridges and rules follow at once.
import { randomBytes } from 'node:crypto';
import { loadHostConfig } from '../config.js';
import { ContainerError, NetworkError, UsageError } from '../errors.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { findContainer, readAllRecords } from '../containers/lookup.js';
import { broadcast, contains, formatIPv4, formatSubnet, overlaps, parseCidr, parseIPv4, type Subnet } from './cidr.js';
import { isBridged, networkOf } from './container-network.js';
import { endpointsOf, ensureDefaultNetwork, leaseEndpoint, refreshHosts } from './endpoints.js';
import { hostVethName, vethConnect, vethDisconnect } from './helper-net.js';
import { routeClash } from './host-routes.js';
import { deleteNetworkRecord, listNetworks, matchNetwork, NETWORK_NAME, RESERVED_NAMES, writeNetwork, type NetworkRecord } from './records.js';
import { ensureBridge } from './start-network.js';
import { syncNetworking } from './sync.js';

export interface CreateNetworkOptions {
  name: string;
  subnet?: string | undefined;
  gateway?: string | undefined;
}

function checkFree(s: Subnet, networks: readonly NetworkRecord[]): string | undefined {
  const other = networks.find((n) => overlaps(parseCidr(n.subnet)!, s));
  if (other) return `it overlaps network ${other.name} (${other.subnet})`;
  const route = routeClash(s, new Set(networks.map((n) => n.bridge)));
  if (route) return `it overlaps the host's route ${formatSubnet(route)} on ${route.iface}`;
  return undefined;
}

async function pickSubnet(networks: readonly NetworkRecord[]): Promise<Subnet> {
  for (const pool of (await loadHostConfig()).network.pools) {
    const step = 2 ** (32 - pool.size);
    for (let base = pool.base.base; contains(pool.base, base); base += step) {
      const s = { base, prefix: pool.size };
      if (!checkFree(s, networks)) return s;
    }
  }
  throw new NetworkError('NETWORK_POOL_EXHAUSTED', 'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network', {
    hint: 'give one with --subnet, or widen "default-address-pools" in the config',
  });
}

export async function createNetwork(layout: StoreLayout, opts: CreateNetworkOptions): Promise<NetworkRecord> {
  if (!NETWORK_NAME.test(opts.name)) throw new UsageError(`invalid network name "${opts.name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  if (RESERVED_NAMES.has(opts.name)) throw new NetworkError('NETWORK_EXISTS', `network with name ${opts.name} already exists`, { hint: 'it is a pre-defined network' });
  let subnet: Subnet | undefined;
  if (opts.subnet !== undefined) {
    const c = parseCidr(opts.subnet);
    if (!c || c.prefix < 8 || c.prefix > 30) throw new UsageError(`invalid subnet "${opts.subnet}": use A.B.C.D/N with N from 8 to 30`);
    if (c.address !== c.base) throw new UsageError(`invalid subnet "${opts.subnet}": host bits are set (did you mean ${formatSubnet(c)}?)`);
    subnet = c;
  }
  return withStoreLock(layout.root, async () => {
    const networks = await listNetworks(layout);
    await ensureDefaultNetwork(layout, networks);
    if (networks.some((n) => n.name === opts.name && !n.isDefault)) {
      throw new NetworkError('NETWORK_EXISTS', `network with name ${opts.name} already exists`);
    }
    if (subnet) {
      const problem = checkFree(subnet, networks);
      if (problem) throw new NetworkError('NETWORK_INVALID', `invalid subnet ${formatSubnet(subnet)}: ${problem}`);
    } else {
      if (opts.gateway !== undefined) throw new UsageError('--gateway needs --subnet');
      subnet = await pickSubnet(networks);
    }
    let gateway = subnet.base + 1;
    if (opts.gateway !== undefined) {
      const g = parseIPv4(opts.gateway);
      if (g === undefined || !contains(subnet, g) || g === subnet.base || g === broadcast(subnet)) {
        throw new UsageError(`invalid gateway "${opts.gateway}": it must be a host address in ${formatSubnet(subnet)}`);
      }
      gateway = g;
    }
    const id = randomBytes(32).toString('hex');
    const record: NetworkRecord = {
      id, name: opts.name, driver: 'bridge', bridge: `br-${id.slice(0, 12)}`, subnet: formatSubnet(subnet),
      gateway: formatIPv4(gateway), created: new Date().toISOString(), isDefault: false, endpoints: {},
    };
    await writeNetwork(layout, record);
    return record;
  });
}

/** Every network, the default one included (made on first listing, as Docker always has it). */
export async function allNetworks(layout: StoreLayout): Promise<NetworkRecord[]> {
  return withStoreLock(layout.root, async () => {
    const networks = await listNetworks(layout);
    await ensureDefaultNetwork(layout, networks);
    await syncNetworking(layout);
    return listNetworks(layout);
  });
}

export async function findNetwork(layout: StoreLayout, input: string): Promise<NetworkRecord> {
  return matchNetwork(await allNetworks(layout), input);
}

export async function removeNetwork(layout: StoreLayout, input: string): Promise<NetworkRecord> {
  return withStoreLock(layout.root, async () => {
    const network = matchNetwork(await listNetworks(layout), input);
    if (network.isDefault) throw new NetworkError('NETWORK_IN_USE', 'bridge is a pre-defined network and cannot be removed');
    const names = new Map((await readAllRecords(layout)).map((r) => [r.config.id, r.config.name]));
    const users = Object.keys(network.endpoints).filter((id) => names.has(id));
    if (users.length) {
      throw new NetworkError('NETWORK_IN_USE', `error while removing network: network ${network.name} id ${network.id} has active endpoints (${users.map((u) => names.get(u)).join(', ')})`, {
        hint: 'disconnect or remove those containers first',
      });
    }
    await deleteNetworkRecord(layout, network.id);
    await syncNetworking(layout);
    return network;
  });
}

export async function pruneNetworks(layout: StoreLayout): Promise<string[]> {
  const removed: string[] = [];
  for (const n of await allNetworks(layout)) {
    if (n.isDefault || Object.keys(n.endpoints).length) continue;
    await removeNetwork(layout, n.id).then(() => removed.push(n.name), () => undefined);
  }
  return removed;
}

export async function connectNetwork(layout: StoreLayout, networkInput: string, containerInput: string, ip?: string, aliases: string[] = []): Promise<void> {
  const record = await findContainer(layout, containerInput);
  if (!isBridged(networkOf(record.config).mode)) {
    throw new ContainerError('CONTAINER_START_FAILED', `container ${record.config.name} uses network mode "${networkOf(record.config).mode}" and cannot be connected to a network`);
  }
  await withStoreLock(layout.root, async () => {
    const networks = await listNetworks(layout);
    const network = matchNetwork(networks, networkInput === 'bridge' ? 'bridge' : networkInput);
    if (network.endpoints[record.config.id]) {
      throw new NetworkError('NETWORK_EXISTS', `endpoint with name ${record.config.name} already exists in network ${network.name}`);
    }
    const updated = await leaseEndpoint(layout, networks, network, record.config.id, ip, aliases);
    const e = updated.endpoints[record.config.id]!;
    if (record.state.status === 'running') {
      try {
        await ensureBridge(layout, updated);
        const prefix = parseCidr(updated.subnet)!.prefix;
        const first = endpointsOf(networks, record.config.id).length === 1;
        await vethConnect(layout.root, record.config.id, record.state.pid, `${e.index},${updated.bridge},${e.ip}/${prefix}${first ? `,${updated.gateway}` : ''}`);
      } catch (err) {
        const back = { ...updated, endpoints: { ...updated.endpoints } };
        delete back.endpoints[record.config.id];
        await writeNetwork(layout, back);
        await syncNetworking(layout).catch(() => undefined);
        throw err;
      }
    }
    // leaseEndpoint put the updated record into `networks`.
    await refreshHosts(layout, new Set(endpointsOf(networks, record.config.id).map((x) => x.network.id)), undefined, networks);
    await syncNetworking(layout);
  });
}

export async function disconnectNetwork(layout: StoreLayout, networkInput: string, containerInput: string): Promise<void> {
  const record = await findContainer(layout, containerInput);
  await withStoreLock(layout.root, async () => {
    const networks = await listNetworks(layout);
    const network = matchNetwork(networks, networkInput);
    const e = network.endpoints[record.config.id];
    if (!e) throw new NetworkError('NETWORK_NOT_FOUND', `container ${record.config.name} is not connected to network ${network.name}`);
    if (record.state.status === 'running') await vethDisconnect(layout.root, record.config.id, record.state.pid, e.index);
    const endpoints = { ...network.endpoints };
    delete endpoints[record.config.id];
    const updated = { ...network, endpoints };
    await writeNetwork(layout, updated);
    networks[networks.indexOf(network)] = updated;
    const still = endpointsOf(networks, record.config.id).map((x) => x.network.id);
    await refreshHosts(layout, new Set([network.id, ...still]), undefined, networks);
    await syncNetworking(layout);
  });
}

/** Docker's `network inspect` object. */
export function inspectNetworkObject(n: NetworkRecord, names: ReadonlyMap<string, string>): Record<string, unknown> {
  const prefix = parseCidr(n.subnet)!.prefix;
  const containers: Record<string, unknown> = {};
  for (const [id, e] of Object.entries(n.endpoints)) {
    containers[id] = { Name: names.get(id) ?? '', EndpointID: '', MacAddress: '', IPv4Address: `${e.ip}/${prefix}`, IPv6Address: '', Interface: `eth${e.index}`, HostInterface: hostVethName(id, e.index) };
  }
  return {
    Name: n.name, Id: n.id, Created: n.created, Scope: 'local', Driver: n.driver, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: n.subnet, Gateway: n.gateway }] },
    Internal: false, Attachable: false, Ingress: false, ConfigOnly: false,
    Containers: containers,
    Options: { 'com.docker.network.bridge.name': n.bridge, ...(n.isDefault ? { 'com.docker.network.bridge.default_bridge': 'true' } : {}) },
    Labels: {},
  };
}
