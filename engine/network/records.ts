// Network records: STORE/networks/<id>.json, one per network, holding its
// bridge, subnet and gateway and the address lease of every container
// attached to it. Written atomically and only under the store lock; the
// leases therefore survive crashes and restarts (a lease whose container
// record is gone is swept by the next sync).
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fromSystemError, NetworkError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';

export interface Endpoint {
  /** The container's address in this network. */
  ip: string;
  /** eth<index> in the container; the host end is tsv<id[0:10]><index>. */
  index: number;
  /** --network-alias / network connect --alias: names besides the container's own. */
  aliases?: string[];
}

export interface NetworkRecord {
  id: string;
  name: string;
  driver: 'bridge';
  /** The host's bridge interface. */
  bridge: string;
  subnet: string;
  gateway: string;
  created: string;
  /** The default network: no name resolution between containers, as in Docker. */
  isDefault: boolean;
  endpoints: Record<string, Endpoint>;
}

const NETWORK_ID = /^[0-9a-f]{64}$/;
export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Names Docker reserves: they are network modes, not networks one can create. */
export const RESERVED_NAMES = new Set(['bridge', 'host', 'none', 'default']);

export function networksDir(layout: StoreLayout): string {
  return join(layout.root, 'networks');
}

function recordPath(layout: StoreLayout, id: string): string {
  return join(networksDir(layout), `${id}.json`);
}

export async function listNetworks(layout: StoreLayout): Promise<NetworkRecord[]> {
  let names: string[];
  try {
    names = await readdir(networksDir(layout));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fromSystemError(err, 'listing networks');
  }
  const out: NetworkRecord[] = [];
  for (const name of names) {
    const id = networkFileId(name);
    if (id === undefined) continue;
    const record = parseNetworkRecord(await readFile(recordPath(layout, id), 'utf8').catch(() => ''), id);
    if (record) out.push(record);
  }
  return out.sort((a, b) => (a.isDefault === b.isDefault ? a.created.localeCompare(b.created) : a.isDefault ? -1 : 1));
}

/** The network a file of networks/ holds, or undefined for the other files there (applied-rules.json). */
export function networkFileId(name: string): string | undefined {
  const id = name.slice(0, -'.json'.length);
  return name.endsWith('.json') && NETWORK_ID.test(id) ? id : undefined;
}

/** A record file's content, or undefined when it is not the record of `id`. */
export function parseNetworkRecord(text: string, id: string): NetworkRecord | undefined {
  try {
    const record = JSON.parse(text) as NetworkRecord;
    return record.id === id ? record : undefined;
  } catch {
    // A half-written record cannot exist (atomic writes); an unreadable one is skipped.
    return undefined;
  }
}

/** `durable: false` for changes a crash may lose (see writeFileAtomic): a --rm container's lease, a cleanup the next sync redoes. */
export async function writeNetwork(layout: StoreLayout, record: NetworkRecord, opts: { durable?: boolean } = {}): Promise<void> {
  try {
    await mkdir(networksDir(layout), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw fromSystemError(err, 'creating the networks directory');
  }
  await writeFileAtomic(recordPath(layout, record.id), JSON.stringify(record, null, 2) + '\n', 0o600, opts);
}

export async function deleteNetworkRecord(layout: StoreLayout, id: string): Promise<void> {
  await unlink(recordPath(layout, id)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw fromSystemError(err, `removing network ${id}`);
  });
}

/** By exact name, full ID or unique ID prefix (Docker's order); "bridge" is the default network. */
export function matchNetwork(records: readonly NetworkRecord[], input: string): NetworkRecord {
  const byName = records.find((r) => (input === 'bridge' ? r.isDefault : r.name === input && !r.isDefault));
  if (byName) return byName;
  const byId = records.filter((r) => r.id.startsWith(input));
  if (byId.length === 1 && input.length > 0) return byId[0]!;
  if (byId.length > 1) {
    throw new NetworkError('NETWORK_NOT_FOUND', `network ${input} is ambiguous (${byId.length} matches found based on ID prefix)`);
  }
  throw new NetworkError('NETWORK_NOT_FOUND', `network ${input} not found`, { fields: { network: input } });
}
