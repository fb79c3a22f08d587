// IPv4 addresses and subnets as 32-bit numbers: parsing, formatting and the
// arithmetic the address allocator and the overlap checks need.

export interface Subnet {
  /** Network address (host bits cleared). */
  base: number;
  prefix: number;
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIPv4(text: string): number | undefined {
  const m = QUAD.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p, i) => p > 255 || (m[i + 1]!.length > 1 && m[i + 1]!.startsWith('0')))) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

/** "A.B.C.D/N"; with `strict`, host bits must be zero (a subnet, not an address in one). */
export function parseCidr(text: string, strict = false): (Subnet & { address: number }) | undefined {
  const [ip, len, extra] = text.split('/');
  if (ip === undefined || len === undefined || extra !== undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const address = parseIPv4(ip);
  const prefix = Number(len);
  if (address === undefined || prefix > 32) return undefined;
  const base = (address & mask(prefix)) >>> 0;
  if (strict && base !== address) return undefined;
  return { base, prefix, address };
}

export function formatSubnet(s: Subnet): string {
  return `${formatIPv4(s.base)}/${s.prefix}`;
}

export function contains(s: Subnet, ip: number): boolean {
  return ((ip & mask(s.prefix)) >>> 0) === s.base;
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.base & mask(p)) >>> 0) === ((b.base & mask(p)) >>> 0);
}

export function broadcast(s: Subnet): number {
  return (s.base | ~mask(s.prefix)) >>> 0;
}

/** The lowest address of S not in `used` (network, broadcast and the gateway excluded by the caller). */
export function firstFree(s: Subnet, used: ReadonlySet<number>): number | undefined {
  for (let ip = s.base + 1; ip < broadcast(s); ip++) if (!used.has(ip)) return ip;
  return undefined;
}
