// Which of the store's bridges the helper put into the host's iptables
// FORWARD chain (`net bridge-up` prints {"forwardRules":true} when the host's
// FORWARD would have dropped their traffic; helper-c/src/fwd.c). bridge-down
// takes a bridge's rules out itself; this record lets the sync notice a
// bridge that vanished some other way (deleted by hand, a helper killed
// mid-way) and have the helper recompute the chain then, and only then.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreLayout } from '../store/layout.js';
import { writeFileAtomic } from '../store/atomic.js';
import { forwardSync } from './helper-net.js';
import { networksDir } from './records.js';

interface ForwardRecord {
  bridges: string[];
  /** The helper's last warning: FORWARD could not be read or changed. */
  warning?: string;
}

function recordFile(layout: StoreLayout): string {
  return join(networksDir(layout), 'forward-rules.json');
}

async function readForward(layout: StoreLayout): Promise<ForwardRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(recordFile(layout), 'utf8')) as ForwardRecord;
    return Array.isArray(r.bridges) ? r : { bridges: [] };
  } catch {
    return undefined;
  }
}

async function writeForward(layout: StoreLayout, r: ForwardRecord): Promise<void> {
  if (r.bridges.length === 0 && !r.warning) await rm(recordFile(layout), { force: true });
  else {
    await mkdir(networksDir(layout), { recursive: true, mode: 0o700 });
    await writeFileAtomic(recordFile(layout), JSON.stringify(r) + '\n', 0o600);
  }
}

/** After a bridge-up: remember BRIDGE when the helper added FORWARD rules for it, and any warning. */
export async function noteBridgeUp(layout: StoreLayout, bridge: string, added: boolean, warning: string | undefined): Promise<void> {
  if (!added && !warning) return;
  const r = (await readForward(layout)) ?? { bridges: [] };
  const bridges = added && !r.bridges.includes(bridge) ? [...r.bridges, bridge].sort() : r.bridges;
  await writeForward(layout, { bridges, ...(warning ? { warning } : {}) });
}

/**
 * After the sync took bridges down: a recorded bridge that is gone without
 * the sync taking it down has the helper recompute the chain. The record
 * keeps only bridges that still exist.
 */
export async function pruneForwardRules(layout: StoreLayout, existing: ReadonlySet<string>, takenDown: ReadonlySet<string>): Promise<void> {
  const r = await readForward(layout);
  if (!r || r.bridges.every((b) => existing.has(b))) return;
  if (r.bridges.some((b) => !existing.has(b) && !takenDown.has(b))) await forwardSync(layout.root);
  await writeForward(layout, { ...r, bridges: r.bridges.filter((b) => existing.has(b)) });
}
