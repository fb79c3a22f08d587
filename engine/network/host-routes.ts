// The host's IPv4 routes from /proc/net/route (readable by anyone), so a new
// network's subnet is never one the host already reaches another way.
import { readFileSync } from 'node:fs';
import { overlaps, type Subnet } from './cidr.js';

export interface HostRoute extends Subnet {
  iface: string;
}

function le32(hex: string): number {
  const n = parseInt(hex, 16);
  return (((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | ((n >>> 24) & 0xff)) >>> 0;
}

export function hostRoutes(text = safeRead()): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const dest = le32(f[1]!);
    const maskBits = le32(f[7]!);
    if (dest === 0 && maskBits === 0) continue; // the default route overlaps everything
    let p = 0;
    for (let m = maskBits; m & 0x80000000; m = (m << 1) >>> 0) p++;
    out.push({ iface: f[0]!, base: dest, prefix: p });
  }
  return out;
}

function safeRead(): string {
  try {
    return readFileSync('/proc/net/route', 'utf8');
  } catch {
    return '';
  }
}

/** The first host route overlapping S on an interface that is not one of `ignore`. */
export function routeClash(s: Subnet, ignore: ReadonlySet<string>, routes = hostRoutes()): HostRoute | undefined {
  return routes.find((r) => !ignore.has(r.iface) && overlaps(r, s));
}
