// The network keys of /etc/tscontain/config.json, named as in Docker's
// daemon.json: `bridge` (the default network's interface), `bip` (its
// gateway address with prefix) and `default-address-pools` (where user
// networks without --subnet get theirs).
import { ConfigError } from '../errors.js';
import { parseCidr, type Subnet } from './cidr.js';

export interface AddressPool {
  base: Subnet;
  size: number;
}

export interface NetworkHostConfig {
  bridge: string;
  /** Gateway address and prefix of the default network, "10.88.0.1/16". */
  bip: string;
  pools: AddressPool[];
}

export const DEFAULT_NETWORK_CONFIG: NetworkHostConfig = {
  bridge: 'tscontain0',
  bip: '10.88.0.1/16',
  pools: [{ base: { base: 0x0a590000, prefix: 16 }, size: 24 }], // 10.89.0.0/16 in /24s
};

export const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

export function parseNetworkConfig(file: string, obj: Record<string, unknown>): NetworkHostConfig {
  const bridge = obj['bridge'] ?? DEFAULT_NETWORK_CONFIG.bridge;
  if (typeof bridge !== 'string' || !IFNAME.test(bridge) || bridge === '.' || bridge === '..') {
    throw new ConfigError(file, '"bridge" must be an interface name of 1-15 letters, digits, "_", "." or "-"');
  }
  const bip = obj['bip'] ?? DEFAULT_NETWORK_CONFIG.bip;
  const cidr = typeof bip === 'string' ? parseCidr(bip) : undefined;
  if (!cidr || cidr.prefix < 8 || cidr.prefix > 30 || cidr.address === cidr.base) {
    throw new ConfigError(file, '"bip" must be the bridge address with a prefix of 8-30, like "10.88.0.1/16"');
  }
  const rawPools = obj['default-address-pools'];
  let pools = DEFAULT_NETWORK_CONFIG.pools;
  if (rawPools !== undefined) {
    if (!Array.isArray(rawPools) || rawPools.length === 0) throw new ConfigError(file, '"default-address-pools" must be a non-empty array');
    pools = rawPools.map((p: unknown) => {
      const entry = p as { base?: unknown; size?: unknown };
      const base = typeof entry?.base === 'string' ? parseCidr(entry.base, true) : undefined;
      if (!base || typeof entry.size !== 'number' || !Number.isInteger(entry.size) || entry.size < base.prefix || entry.size > 30) {
        throw new ConfigError(file, '"default-address-pools" entries must be {"base": "A.B.C.D/N", "size": N..30}');
      }
      return { base: { base: base.base, prefix: base.prefix }, size: entry.size };
    });
  }
  return { bridge, bip: bip as string, pools };
}
