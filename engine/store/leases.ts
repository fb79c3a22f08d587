// A lease says "this running process is about to reference these layers"
// (and their compressed blobs): garbage collection keeps them even though no
// image names them yet.
import { readdir, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { identityToken, isAlive, parseIdentityToken, selfIdentity } from '../util/proc.js';
import { readJsonIfExists, writeFileAtomic } from './atomic.js';
import type { StoreLayout } from './layout.js';

export interface Lease {
  file: string;
  layers: string[];
  blobs: string[];
}

export async function createLease(layout: StoreLayout, layers: string[], blobs: string[] = []): Promise<Lease> {
  const file = join(layout.leasesDir, `${identityToken(selfIdentity())}-${randomBytes(6).toString('hex')}.json`);
  await writeFileAtomic(file, JSON.stringify({ layers, blobs }), 0o600);
  return { file, layers, blobs };
}

export async function releaseLease(lease: Lease): Promise<void> {
  await unlink(lease.file).catch(() => undefined);
}

/** Layer chain IDs and blob digests held by leases of live processes; leases of dead ones are dropped. */
export async function leasedLayers(layout: StoreLayout): Promise<Set<string>> {
  const held = new Set<string>();
  let names: string[] = [];
  try {
    names = await readdir(layout.leasesDir);
  } catch {
    return held;
  }
  for (const name of names) {
    const file = join(layout.leasesDir, name);
    const owner = parseIdentityToken(name);
    if (!owner || !isAlive(owner)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    const lease = await readJsonIfExists<{ layers?: string[]; blobs?: string[] }>(file).catch(() => undefined);
    for (const digest of [...(lease?.layers ?? []), ...(lease?.blobs ?? [])]) held.add(digest);
  }
  return held;
}
