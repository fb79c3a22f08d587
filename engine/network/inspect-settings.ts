// The network half of `inspect` and `ps` for one container, in Docker's
// shapes. Synchronous reads: ps and the dashboard list every container often.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreLayout } from '../store/layout.js';
import type { ContainerRecord } from '../containers/record.js';
import { parseCidr } from './cidr.js';
import { networkOf, readPortsSync } from './container-network.js';
import { dockerPortMap, formatPortsColumn, type PublishedPort } from './ports.js';
import { networkFileId, networksDir, parseNetworkRecord, type NetworkRecord } from './records.js';

export function listNetworksSync(layout: StoreLayout): NetworkRecord[] {
  let names: string[];
  try {
    names = readdirSync(networksDir(layout));
  } catch {
    return [];
  }
  const out: NetworkRecord[] = [];
  for (const name of names) {
    const id = networkFileId(name);
    if (id === undefined) continue;
    let text = '';
    try {
      text = readFileSync(join(networksDir(layout), name), 'utf8');
    } catch { /* skipped, as listNetworks does */ }
    const record = parseNetworkRecord(text, id);
    if (record) out.push(record);
  }
  return out;
}

/** Ports in force: only while the container runs. */
export function publishedPorts(layout: StoreLayout, r: ContainerRecord): PublishedPort[] {
  return r.state.status === 'running' ? readPortsSync(layout, r.config.id) : [];
}

export function portsColumn(layout: StoreLayout, r: ContainerRecord): string {
  return formatPortsColumn(publishedPorts(layout, r), r.state.status === 'running' ? networkOf(r.config).exposedPorts : []);
}

/** Names of the networks a container is in ("host"/"none" for those modes). */
export function networkNames(layout: StoreLayout, r: ContainerRecord, networks = listNetworksSync(layout)): string[] {
  const mode = networkOf(r.config).mode;
  if (mode === 'host' || mode === 'none') return [mode];
  return networks.filter((n) => n.endpoints[r.config.id]).map((n) => n.name);
}

export function networkSettings(layout: StoreLayout, r: ContainerRecord): Record<string, unknown> {
  const running = r.state.status === 'running';
  const net = networkOf(r.config);
  const networks: Record<string, unknown> = {};
  let primary: { ip: string; prefix: number; gateway: string } | undefined;
  for (const n of listNetworksSync(layout)) {
    const e = n.endpoints[r.config.id];
    if (!e) continue;
    const prefix = parseCidr(n.subnet)!.prefix;
    if (e.index === 0 || !primary) primary = { ip: e.ip, prefix, gateway: n.gateway };
    networks[n.name] = {
      NetworkID: n.id, EndpointID: '', Gateway: running ? n.gateway : '', IPAddress: running ? e.ip : '',
      IPPrefixLen: running ? prefix : 0, MacAddress: '', Aliases: e.aliases ?? null,
      DNSNames: n.isDefault ? null : [r.config.name, r.config.id.slice(0, 12), ...(e.aliases ?? [])],
    };
  }
  if (net.mode === 'host' || net.mode === 'none') networks[net.mode] = { NetworkID: '', EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, MacAddress: '' };
  return {
    Bridge: '',
    SandboxKey: running && net.mode !== 'host' ? `/proc/${r.state.pid}/ns/net` : '',
    Ports: dockerPortMap(publishedPorts(layout, r), net.exposedPorts),
    Gateway: running && primary ? primary.gateway : '',
    IPAddress: running && primary ? primary.ip : '',
    IPPrefixLen: running && primary ? primary.prefix : 0,
    MacAddress: '',
    Networks: networks,
  };
}

/** HostConfig's network fields. */
export function hostConfigNetwork(r: ContainerRecord): Record<string, unknown> {
  const net = networkOf(r.config);
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of net.ports) (bindings[`${p.containerPort}/${p.proto}`] ??= []).push({ HostIp: p.hostIp === '0.0.0.0' ? '' : p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' });
  return { NetworkMode: net.mode, PortBindings: bindings, PublishAllPorts: net.publishAll, Dns: net.dns, ExtraHosts: net.extraHosts.length ? net.extraHosts : null };
}
