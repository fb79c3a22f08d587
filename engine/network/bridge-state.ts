// Whether a store's bridge is already as `net bridge-up` leaves it, read
// from sysfs, procfs and getifaddrs: a bridge, tagged as the store's, up,
// with its gateway address, route_localnet and IPv4 forwarding on. Then a
// start needs no helper call for it (one exec and a netlink round trip less
// on every `run`). Anything unexpected answers false and the helper does it.
import { readFileSync, existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

const IFF_UP = 0x1;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function bridgeReady(store: string, bridge: string, gateway: string, prefix: number): boolean {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) return false;
  const dev = `/sys/class/net/${bridge}`;
  if (read(`${dev}/ifalias`) !== `tscontain ${store}` || !existsSync(`${dev}/bridge`)) return false;
  const flags = Number.parseInt(read(`${dev}/flags`) ?? '', 16);
  if (!Number.isInteger(flags) || (flags & IFF_UP) === 0) return false;
  if (read(`/proc/sys/net/ipv4/conf/${bridge}/route_localnet`) !== '1') return false;
  if (read(`/proc/sys/net/ipv4/ip_forward`) !== '1') return false;
  const addrs = networkInterfaces()[bridge] ?? [];
  return addrs.some((a) => a.family === 'IPv4' && a.cidr === `${gateway}/${prefix}`);
}
