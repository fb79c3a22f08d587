// Published ports: Docker's -p grammar `[ip:][hostPort:]containerPort[/proto]`
// with ranges on either side, -P's ExposedPorts, and the shapes ps, port and
// inspect print. Pure functions; binding and rules live elsewhere.
import { UsageError } from '../errors.js';
import { formatIPv4, parseIPv4 } from './cidr.js';

export type Proto = 'tcp' | 'udp';

/** One requested publication; hostPort 0 means "any free port" (chosen at start). */
export interface PortSpec {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  proto: Proto;
}

/** A publication in force for a running container. */
export interface PublishedPort extends PortSpec {
  containerIp: string;
}

function parsePort(text: string, what: string, spec: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new UsageError(`invalid ${what} "${text}" in "${spec}": ports are 1-65535`);
  }
  return Number(text);
}

function parseRange(text: string, what: string, spec: string): [number, number] {
  const [a, b, extra] = text.split('-');
  if (a === undefined || extra !== undefined) throw new UsageError(`invalid ${what} "${text}" in "${spec}"`);
  const start = parsePort(a, what, spec);
  const end = b === undefined ? start : parsePort(b, what, spec);
  if (end < start) throw new UsageError(`invalid ${what} range "${text}" in "${spec}": the end is below the start`);
  return [start, end];
}

/** One -p value, ranges expanded pairwise as Docker does. */
export function parsePublish(spec: string): PortSpec[] {
  let rest = spec;
  let proto: Proto = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const p = rest.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp') throw new UsageError(`invalid protocol "${p}" in "${spec}": use tcp or udp`);
    proto = p;
    rest = rest.slice(0, slash);
  }
  const parts = rest.split(':');
  if (parts.length > 3) throw new UsageError(`invalid port specification "${spec}"`, { hint: 'use [hostip:][hostport:]containerport[/tcp|udp]' });
  const containerText = parts.pop()!;
  const hostText = parts.length ? parts.pop()! : '';
  let hostIp = parts.length ? parts.pop()! : '0.0.0.0';
  if (hostIp === '') hostIp = '0.0.0.0';
  const ip = parseIPv4(hostIp);
  if (ip === undefined) throw new UsageError(`invalid host address "${hostIp}" in "${spec}": an IPv4 address is needed`);
  hostIp = formatIPv4(ip);
  const [cs, ce] = parseRange(containerText, 'container port', spec);
  if (hostText === '') {
    return Array.from({ length: ce - cs + 1 }, (_, i) => ({ hostIp, hostPort: 0, containerPort: cs + i, proto }));
  }
  const [hs, he] = parseRange(hostText, 'host port', spec);
  if (he - hs !== ce - cs) throw new UsageError(`invalid ranges in "${spec}": host and container ranges must be the same size`);
  return Array.from({ length: ce - cs + 1 }, (_, i) => ({ hostIp, hostPort: hs + i, containerPort: cs + i, proto }));
}

/** -P: every ExposedPorts key ("80/tcp", "53/udp", "8000-8002/tcp") on a free host port. */
export function exposedToSpecs(exposed: readonly string[]): PortSpec[] {
  return exposed.flatMap((key) => {
    try {
      return parsePublish(key);
    } catch {
      return []; // a malformed key in an image is ignored, as Docker does
    }
  });
}

export function portKey(p: { containerPort: number; proto: Proto }): string {
  return `${p.containerPort}/${p.proto}`;
}

/** ps's PORTS column: "0.0.0.0:8080->80/tcp, 53/udp". */
export function formatPortsColumn(published: readonly PublishedPort[], exposed: readonly string[] = []): string {
  const out = published.map((p) => `${p.hostIp}:${p.hostPort}->${portKey(p)}`);
  const seen = new Set(published.map(portKey));
  for (const e of exposed) if (!seen.has(e)) out.push(e);
  return out.join(', ');
}

/** Docker's NetworkSettings.Ports: {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "53/udp": null}. */
export function dockerPortMap(published: readonly PublishedPort[], exposed: readonly string[] = []): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const map: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const e of exposed) map[e] = null;
  for (const p of published) (map[portKey(p)] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  return map;
}
