// Whether a store's bridge is already as `net bridge-up` leaves it, read
// from sysfs and procfs: a bridge, tagged as the store's, up, holding the
// network's subnet route (so an address of that prefix) with the gateway a
// local address, route_localnet and IPv4 forwarding on. Then a start needs
// no helper call for it (one exec and a netlink round trip less on every
// `run`). Anything unexpected answers false and the helper does it.
// (os.networkInterfaces() cannot tell: libuv skips links without carrier,
// which a bridge with no container attached is.)
import { readFileSync, existsSync } from 'node:fs';
import { mask, parseCidr } from './cidr.js';

const IFF_UP = 0x1;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** An IPv4 address as /proc/net/route prints it: the network-order word read as a little-endian number, in hex. */
function routeHex(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b.readUInt32LE().toString(16).toUpperCase().padStart(8, '0');
}

/** /proc/net/route holds BRIDGE's connected route of SUBNET. */
export function hasSubnetRoute(routeText: string, bridge: string, subnet: string): boolean {
  const cidr = parseCidr(subnet);
  if (!cidr) return false;
  const dest = routeHex(cidr.base);
  const netmask = routeHex(mask(cidr.prefix));
  return routeText.split('\n').some((line) => {
    const f = line.trim().split(/\s+/);
    return f[0] === bridge && f[1] === dest && f[2] === '00000000' && f[7] === netmask;
  });
}

/** /proc/net/fib_trie lists ADDRESS as one of this host's own (/32 host LOCAL). */
export function isLocalAddress(fibTrie: string, address: string): boolean {
  const lines = fibTrie.split('\n');
  return lines.some((l, i) => l.trim() === `|-- ${address}` && /^\s*\/32 host LOCAL\s*$/.test(lines[i + 1] ?? ''));
}

export function bridgeReady(store: string, bridge: string, subnet: string, gateway: string): boolean {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) return false;
  const dev = `/sys/class/net/${bridge}`;
  if (read(`${dev}/ifalias`)?.trim() !== `tscontain ${store}` || !existsSync(`${dev}/bridge`)) return false;
  const flags = Number.parseInt(read(`${dev}/flags`) ?? '', 16);
  if (!Number.isInteger(flags) || (flags & IFF_UP) === 0) return false;
  if (read(`/proc/sys/net/ipv4/conf/${bridge}/route_localnet`)?.trim() !== '1') return false;
  if (read('/proc/sys/net/ipv4/ip_forward')?.trim() !== '1') return false;
  return hasSubnetRoute(read('/proc/net/route') ?? '', bridge, subnet) && isLocalAddress(read('/proc/net/fib_trie') ?? '', gateway);
}

/** The store owning BRIDGE by its alias, when that is another store (or another program's interface). */
export function bridgeOwner(store: string, bridge: string): { other: string } | undefined {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) return undefined;
  const alias = read(`/sys/class/net/${bridge}/ifalias`);
  if (alias === undefined) return undefined;
  const owner = alias.trim();
  return owner === `tscontain ${store}` ? undefined : { other: owner.startsWith('tscontain ') ? owner.slice(10) : '' };
}
