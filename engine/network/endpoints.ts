// Addresses of containers in networks, and the /etc/hosts that name them.
// A container gets its address when it is created (or connected) and keeps
// it until it is removed (or disconnected), so a restart keeps its address
// and the hosts files only change when membership changes. All of this runs
// under the store lock.
import { randomBytes } from 'node:crypto';
import { NetworkError } from '../errors.js';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths, type ContainerConfig } from '../containers/record.js';
import { readAllRecords } from '../containers/lookup.js';
import { formatIPv4, parseCidr, firstFree, parseIPv4, broadcast } from './cidr.js';
import { hostsFile, networkOf, isBridged, resolvFile, rewriteUpperFile } from './container-network.js';
import { listNetworks, matchNetwork, writeNetwork, type NetworkRecord } from './records.js';
import { configuredDefault, reapplyDefaultConfig } from './default-network.js';
import { readFile } from 'node:fs/promises';

/** The default network's record, made from the host config on first use and kept in line with it (default-network.ts). */
export async function ensureDefaultNetwork(layout: StoreLayout, networks: NetworkRecord[], warn?: (message: string) => void): Promise<NetworkRecord> {
  const existing = networks.find((n) => n.isDefault);
  if (existing) return reapplyDefaultConfig(layout, networks, existing, warn);
  const want = await configuredDefault();
  const record: NetworkRecord = {
    id: randomBytes(32).toString('hex'),
    name: 'bridge',
    driver: 'bridge',
    bridge: want.bridge,
    subnet: want.subnet,
    gateway: want.gateway,
    created: new Date().toISOString(),
    isDefault: true,
    endpoints: {},
  };
  await writeNetwork(layout, record);
  networks.push(record);
  return record;
}

/** The network a mode names ("bridge" is the default one). */
export async function resolveNetwork(layout: StoreLayout, networks: NetworkRecord[], mode: string, warn?: (message: string) => void): Promise<NetworkRecord> {
  if (mode === 'bridge') return ensureDefaultNetwork(layout, networks, warn);
  return matchNetwork(networks, mode);
}

/** Leases an address in NETWORK for container ID (eth<index> by the lowest free index). */
export async function leaseEndpoint(
  layout: StoreLayout, networks: NetworkRecord[], network: NetworkRecord, id: string, ip?: string, aliases: string[] = [],
  opts: { durable?: boolean } = {},
): Promise<NetworkRecord> {
  if (network.endpoints[id]) return network;
  checkUserNetworkOptions(network, ip, aliases);
  const subnet = parseCidr(network.subnet)!;
  const used = new Set<number>([parseIPv4(network.gateway)!, broadcast(subnet)]);
  for (const e of Object.values(network.endpoints)) used.add(parseIPv4(e.ip)!);
  let address: number | undefined;
  if (ip !== undefined) {
    address = parseIPv4(ip);
    if (address === undefined || used.has(address) || !parseCidr(`${ip}/${subnet.prefix}`) || parseCidr(`${ip}/${subnet.prefix}`)!.base !== subnet.base) {
      throw new NetworkError('NETWORK_INVALID', `address ${ip} is not free in network ${network.name} (${network.subnet})`);
    }
  } else {
    address = firstFree(subnet, used);
  }
  if (address === undefined) {
    throw new NetworkError('NETWORK_POOL_EXHAUSTED', `no free address left in network ${network.name} (${network.subnet})`, {
      hint: 'remove unused containers or create a network with a larger subnet',
    });
  }
  const taken = new Set(networks.flatMap((n) => (n.endpoints[id] ? [n.endpoints[id].index] : [])));
  let index = 0;
  while (taken.has(index)) index++;
  if (index > 9) throw new NetworkError('NETWORK_INVALID', 'a container can be in at most 10 networks');
  const endpoint = { ip: formatIPv4(address), index, ...(aliases.length ? { aliases } : {}) };
  const updated: NetworkRecord = { ...network, endpoints: { ...network.endpoints, [id]: endpoint } };
  await writeNetwork(layout, updated, opts);
  networks[networks.indexOf(network)] = updated;
  return updated;
}

/** Docker allows a chosen address and aliases only on user-defined networks. */
function checkUserNetworkOptions(network: NetworkRecord, ip: string | undefined, aliases: readonly string[]): void {
  if (!network.isDefault) return;
  if (ip !== undefined) {
    throw new NetworkError('NETWORK_INVALID', 'user specified IP address is supported on user defined networks only', {
      hint: 'create a network with "network create" and use --network NAME',
    });
  }
  if (aliases.length) {
    throw new NetworkError('NETWORK_INVALID', 'network-scoped alias is supported only for containers in user defined networks', {
      hint: 'create a network with "network create" and use --network NAME',
    });
  }
}

/** Drops every lease of container ID; returns the networks it was in. */
export async function releaseContainer(layout: StoreLayout, id: string): Promise<NetworkRecord[]> {
  const affected: NetworkRecord[] = [];
  for (const n of await listNetworks(layout)) {
    if (!n.endpoints[id]) continue;
    const endpoints = { ...n.endpoints };
    delete endpoints[id];
    const updated = { ...n, endpoints };
    await writeNetwork(layout, updated);
    affected.push(updated);
  }
  return affected;
}

/** The networks a container is in, by its eth index. */
export function endpointsOf(networks: readonly NetworkRecord[], id: string): { network: NetworkRecord; ip: string; index: number }[] {
  return networks
    .filter((n) => n.endpoints[id])
    .map((n) => ({ network: n, ...n.endpoints[id]! }))
    .sort((a, b) => a.index - b.index);
}

async function hostsFor(networks: readonly NetworkRecord[], config: ContainerConfig, configs: ReadonlyMap<string, ContainerConfig>): Promise<string> {
  const net = networkOf(config);
  if (net.mode === 'host') {
    const host = await readFile('/etc/hosts', 'utf8').catch(() => '127.0.0.1\tlocalhost\n');
    return hostsFile({ hostname: config.hostname, name: config.name, own: [], peers: [], extraHosts: net.extraHosts })
      .split('\n').slice(3).reduce((text, line) => (line ? `${text}${line}\n` : text), host.endsWith('\n') ? host : `${host}\n`);
  }
  const own = endpointsOf(networks, config.id);
  const peers: [string, string][] = [];
  // As in Docker, only user-defined networks resolve container names.
  for (const { network } of own) {
    if (network.isDefault) continue;
    for (const [peer, e] of Object.entries(network.endpoints)) {
      const name = configs.get(peer)?.name;
      // Docker's DNS answers for the name, the short ID and the aliases.
      if (peer !== config.id && name) peers.push([e.ip, [name, peer.slice(0, 12), ...(e.aliases ?? [])].join(' ')]);
    }
  }
  return hostsFile({ hostname: config.hostname, name: config.name, own, peers, extraHosts: net.extraHosts });
}

/** Every container's config by ID, read once per operation (names for the hosts files, modes). */
async function containerConfigs(layout: StoreLayout): Promise<Map<string, ContainerConfig>> {
  return new Map((await readAllRecords(layout)).map((r) => [r.config.id, r.config]));
}

/**
 * Rewrites the hosts file of every container in NETWORKS (membership or a
 * name changed). `networks`: the records as the caller holds them under the
 * lock, when it has just read (and updated) them.
 */
export async function refreshHosts(layout: StoreLayout, networkIds: ReadonlySet<string>, extra?: ContainerConfig, networks?: readonly NetworkRecord[]): Promise<void> {
  await rewriteHosts(layout, networkIds, networks ?? (await listNetworks(layout)), await containerConfigs(layout), extra);
}

async function rewriteHosts(
  layout: StoreLayout, networkIds: ReadonlySet<string>, networks: readonly NetworkRecord[], configs: Map<string, ContainerConfig>, extra?: ContainerConfig,
): Promise<void> {
  // A container being created has no config.json yet: name it from its config.
  if (extra) configs.set(extra.id, extra);
  const members = new Set(networks.filter((n) => networkIds.has(n.id)).flatMap((n) => Object.keys(n.endpoints)));
  for (const id of members) {
    const config = configs.get(id);
    if (!config || !isBridged(networkOf(config).mode)) continue;
    await rewriteUpperFile(new ContainerPaths(layout, id).upper, 'etc/hosts', await hostsFor(networks, config, configs));
  }
}

/** At create: the address in the container's network, then its /etc files (after writeEtcFiles' defaults) and its peers'. */
export async function attachAtCreate(layout: StoreLayout, config: ContainerConfig, warnings?: string[]): Promise<void> {
  const net = networkOf(config);
  const networks = await listNetworks(layout);
  const configs = await containerConfigs(layout);
  configs.set(config.id, config);
  let network: NetworkRecord | undefined;
  if (isBridged(net.mode)) {
    network = await resolveNetwork(layout, networks, net.mode, (w) => warnings?.push(w));
    // A --rm container's lease means nothing after a reboot (its record is not durable either).
    // leaseEndpoint puts the updated record into `networks`.
    await leaseEndpoint(layout, networks, network, config.id, net.ip, net.aliases, { durable: !config.autoRemove });
  }
  const upper = new ContainerPaths(layout, config.id).upper;
  await rewriteUpperFile(upper, 'etc/hosts', await hostsFor(networks, config, configs));
  await rewriteUpperFile(upper, 'etc/resolv.conf', await resolvFile(net, config));
  if (network) await rewriteHosts(layout, new Set([network.id]), networks, configs);
}
