// The default network follows the config's `bridge` and `bip`, as Docker
// re-applies bip at every daemon start: tscontain has no daemon, so each
// use of the record compares it with the config and rewrites it when no
// container is attached (the old bridge, no longer wanted, goes at the next
// sync). With containers attached their addresses must stay valid, so the
// record is kept and the caller is told why in one line.
import { loadHostConfig } from '../config.js';
import type { StoreLayout } from '../store/layout.js';
import { formatIPv4, overlaps, parseCidr } from './cidr.js';
import { writeNetwork, type NetworkRecord } from './records.js';

/** The default network's bridge, subnet and gateway as the config gives them. */
export async function configuredDefault(): Promise<Pick<NetworkRecord, 'bridge' | 'subnet' | 'gateway'> & { bip: string }> {
  const cfg = (await loadHostConfig()).network;
  const bip = parseCidr(cfg.bip)!;
  return { bridge: cfg.bridge, subnet: `${formatIPv4(bip.base)}/${bip.prefix}`, gateway: formatIPv4(bip.address), bip: cfg.bip };
}

/** `existing` (the default record, one of `networks`) as the config wants it, when that can be done now. */
export async function reapplyDefaultConfig(
  layout: StoreLayout, networks: NetworkRecord[], existing: NetworkRecord, warn?: (message: string) => void,
): Promise<NetworkRecord> {
  const want = await configuredDefault();
  if (existing.bridge === want.bridge && existing.subnet === want.subnet && existing.gateway === want.gateway) return existing;
  const kept = `the default network keeps bridge ${existing.bridge} and subnet ${existing.subnet} (the config says "bridge": "${want.bridge}", "bip": "${want.bip}")`;
  const users = Object.keys(existing.endpoints).length;
  if (users > 0) {
    warn?.(`${kept}: ${users} container${users === 1 ? ' uses' : 's use'} it; remove ${users === 1 ? 'it' : 'them'} to apply the change`);
    return existing;
  }
  const clash = networks.find((n) => !n.isDefault && (n.bridge === want.bridge || overlaps(parseCidr(n.subnet)!, parseCidr(want.subnet)!)));
  if (clash) {
    warn?.(`${kept}: it would clash with network ${clash.name} (${clash.bridge}, ${clash.subnet})`);
    return existing;
  }
  const updated: NetworkRecord = { ...existing, bridge: want.bridge, subnet: want.subnet, gateway: want.gateway };
  await writeNetwork(layout, updated);
  networks[networks.indexOf(existing)] = updated;
  return updated;
}
