// What a container asked of the network (config.json's `network`), and the
// per-container files that follow from it: /etc/hosts and /etc/resolv.conf
// in its upper dir, and ports.json (the publications in force while it runs).
import { constants, readFileSync } from 'node:fs';
import { open, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';
import { containerResolvConf } from '../containers/etc-files.js';
import { parseIPv4 } from './cidr.js';
import type { PortSpec, PublishedPort } from './ports.js';
import type { NetworkRecord } from './records.js';

export interface ContainerNetworkConfig {
  /** "bridge" (the default network), "none", "host" or a user network's name. */
  mode: string;
  ports: PortSpec[];
  publishAll: boolean;
  /** The image's ExposedPorts keys ("80/tcp"), for -P and ps. */
  exposedPorts: string[];
  /** --add-host "name:ip". */
  extraHosts: string[];
  /** --dns servers replacing the host's. */
  dns: string[];
  /** --ip: the address asked for in the container's (user) network. */
  ip?: string;
  /** --network-alias: more names peers on its user network resolve it by. */
  aliases?: string[];
}

/** Records made before networks existed had none: their containers ran with only lo. */
export function networkOf(config: { network?: ContainerNetworkConfig | undefined }): ContainerNetworkConfig {
  return config.network ?? { mode: 'none', ports: [], publishAll: false, exposedPorts: [], extraHosts: [], dns: [] };
}

export function isBridged(mode: string): boolean {
  return mode !== 'none' && mode !== 'host';
}

/** --add-host NAME:IP (IP may be "host-gateway"). */
export function checkExtraHost(entry: string): string {
  const i = entry.indexOf(':');
  const name = entry.slice(0, i);
  const ip = entry.slice(i + 1);
  if (i <= 0 || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) || (ip !== 'host-gateway' && parseIPv4(ip) === undefined)) {
    throw new UsageError(`invalid argument "${entry}" for "--add-host": use HOST:IP (IPv4 or host-gateway)`);
  }
  return entry;
}

/** --network-alias / --alias: a host name (one label or dotted). */
export function checkAlias(alias: string): string {
  if (!/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,253})$/.test(alias)) {
    throw new UsageError(`invalid network alias "${alias}": use letters, digits, ".", "_" and "-"`);
  }
  return alias;
}

export function checkIp(ip: string): string {
  if (parseIPv4(ip) === undefined) throw new UsageError(`invalid IPv4 address: ${ip}`);
  return ip;
}

export function checkDns(server: string): string {
  if (parseIPv4(server) === undefined) throw new UsageError(`invalid argument "${server}" for "--dns": an IPv4 address is needed`);
  return server;
}

export interface HostsInput {
  hostname: string;
  name: string;
  /** This container's endpoints: [network, ip]. */
  own: { network: NetworkRecord; ip: string }[];
  /** Other containers reachable by name: [ip, "name alias..."]. */
  peers: [string, string][];
  extraHosts: string[];
}

export function hostsFile(input: HostsInput): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  const first = input.own[0];
  lines.push(first ? `${first.ip}\t${input.hostname}` : `127.0.0.1\t${input.hostname}`);
  const seen = new Set<string>([input.hostname]);
  for (const [ip, names] of input.peers) {
    // A name (or alias) already listed keeps its first address, as a hosts lookup would.
    const fresh = names.split(' ').filter((n) => !seen.has(n));
    if (!fresh.length) continue;
    for (const n of fresh) seen.add(n);
    lines.push(`${ip}\t${fresh.join(' ')}`);
  }
  for (const entry of input.extraHosts) {
    const i = entry.indexOf(':');
    const ip = entry.slice(i + 1) === 'host-gateway' ? first?.network.gateway : entry.slice(i + 1);
    if (ip) lines.push(`${ip}\t${entry.slice(0, i)}`);
  }
  return lines.join('\n') + '\n';
}

/** --dns-search ("." for none) and --dns-option replace the file's search/domain and options lines. */
export function withSearchAndOptions(text: string, search: string[] | undefined, options: string[] | undefined): string {
  let lines = text.split('\n').filter((l) => l !== '');
  if (search?.length) {
    lines = lines.filter((l) => !/^\s*(search|domain)\s/.test(l));
    const domains = search.filter((d) => d !== '.');
    if (domains.length) lines.push(`search ${domains.join(' ')}`);
  }
  if (options?.length) lines = [...lines.filter((l) => !/^\s*options\s/.test(l)), `options ${options.join(' ')}`];
  return lines.join('\n') + '\n';
}

/** The host's resolv.conf for a container: loopback servers dropped, --dns replacing the servers. */
export async function resolvFile(net: ContainerNetworkConfig, dnsExtras: { dnsSearch?: string[] | undefined; dnsOptions?: string[] | undefined } = {}): Promise<string> {
  const host = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  if (net.mode === 'host') return host || '';
  let text = containerResolvConf(host);
  if (!/^\s*nameserver\s/m.test(text) && !net.dns.length) {
    // systemd-resolved's stub (127.0.0.53) answers nothing in the container; its upstreams do.
    const upstream = await readFile('/run/systemd/resolve/resolv.conf', 'utf8').catch(() => '');
    if (upstream) text = containerResolvConf(upstream);
  }
  if (net.dns.length) {
    const rest = text.split('\n').filter((l) => !/^\s*nameserver\s/.test(l) && !l.startsWith('# no usable'));
    text = [...net.dns.map((d) => `nameserver ${d}`), ...rest].join('\n').trim() + '\n';
  }
  return withSearchAndOptions(text, dnsExtras.dnsSearch, dnsExtras.dnsOptions);
}

/**
 * Rewrites a file of the upper dir in place (same inode, so a running
 * container sees it at once). The container may have replaced the file or
 * its directory with a symlink: the file is opened without following one,
 * and the kernel's name for what was opened must be the expected path,
 * or nothing is written.
 */
export async function rewriteUpperFile(upper: string, rel: string, content: string): Promise<boolean> {
  const path = join(upper, rel);
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return false; // removed or replaced by the container: leave it alone
  }
  try {
    const real = await readlink(`/proc/self/fd/${handle.fd}`);
    const st = await handle.stat();
    if (real !== path || !st.isFile()) return false;
    await handle.truncate(0);
    await handle.write(content, 0, 'utf8');
    return true;
  } finally {
    await handle.close();
  }
}

export function portsFile(layout: StoreLayout, id: string): string {
  return join(layout.containersDir, id, 'ports.json');
}

export async function writePorts(layout: StoreLayout, id: string, ports: PublishedPort[]): Promise<void> {
  // Not durable: it is recomputed at every start and read only while the container runs.
  await writeFileAtomic(portsFile(layout, id), JSON.stringify(ports) + '\n', 0o600, { durable: false });
}

/** The publications of a container as last started (callers check it is running). */
export function readPortsSync(layout: StoreLayout, id: string): PublishedPort[] {
  try {
    return JSON.parse(readFileSync(portsFile(layout, id), 'utf8')) as PublishedPort[];
  } catch {
    return [];
  }
}
