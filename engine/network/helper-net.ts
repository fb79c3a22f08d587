// The helper's `net` verb (helper-c/README.md): bridges, veths of running
// containers and the store's nftables table. Also which bridges of this
// store exist now, read from sysfs (their alias is "tscontain STORE").
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { callHelper } from '../containers/helper-verbs.js';
import { DEFAULT_STORE_ROOT } from '../config.js';

export interface BridgeUpResult {
  forwardingEnabled: boolean;
  /** The helper keeps rules for the store's bridges in the host's iptables FORWARD (fwd.c). */
  forwardRules: boolean;
  /** FORWARD could not be read or changed; networking went on without it. */
  warning?: string | undefined;
}

function helperWarning(stderr: string): string | undefined {
  return /^tscontain-helper: warning: (.*)$/m.exec(stderr)?.[1];
}

export async function bridgeUp(store: string, bridge: string, address: string): Promise<BridgeUpResult> {
  const out = await callHelper('net', ['--store', store, 'bridge-up', '--bridge', bridge, '--address', address]);
  return {
    forwardingEnabled: out.stdout.includes('"forwardingEnabled":true'),
    forwardRules: out.stdout.includes('"forwardRules":true'),
    warning: helperWarning(out.stderr),
  };
}

/** Recomputes the store's FORWARD chain: rules naming bridges that are gone are dropped. */
export async function forwardSync(store: string): Promise<void> {
  await callHelper('net', ['--store', store, 'forward-sync']);
}

export async function bridgeDown(store: string, bridge: string): Promise<void> {
  await callHelper('net', ['--store', store, 'bridge-down', '--bridge', bridge]);
}

export async function vethConnect(store: string, id: string, pid: number, veth: string): Promise<void> {
  await callHelper('net', ['--store', store, 'connect', '--id', id, '--pid', String(pid), '--veth', veth]);
}

export async function vethDisconnect(store: string, id: string, pid: number, index: number): Promise<void> {
  await callHelper('net', ['--store', store, 'disconnect', '--id', id, '--pid', String(pid), '--index', String(index)]);
}

export async function applyRules(store: string, args: string[]): Promise<void> {
  await callHelper('net', ['--store', store, 'rules', ...args]);
}

/** Bridges tagged as this store's that exist on the host now. */
export function storeBridges(store: string): string[] {
  const alias = `tscontain ${store}`;
  let names: string[];
  try {
    names = readdirSync('/sys/class/net');
  } catch {
    return [];
  }
  return names.filter((n) => {
    try {
      return readFileSync(`/sys/class/net/${n}/ifalias`, 'utf8').trim() === alias;
    } catch {
      return false;
    }
  });
}

/** The helper's name for the store's nft table (nft.c's nft_table_name). */
export function nftTableName(store: string): string {
  if (store === DEFAULT_STORE_ROOT) return 'tscontain';
  let h = 2166136261;
  for (const byte of Buffer.from(store)) h = Math.imul(h ^ byte, 16777619) >>> 0;
  return `tscontain_${h.toString(16).padStart(8, '0')}`;
}

/** Host end of a container's veth (net.c's net_host_ifname). */
export function hostVethName(id: string, index: number): string {
  return `tsv${id.slice(0, 10)}${index}`;
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
