// Finding containers the way Docker does: full ID, then exact name (with or
// without the leading "/"), then a unique ID prefix. Every record returned has
// been reconciled, so its status is current.
import { ContainerError, ContainerNotFoundError } from '../errors.js';
import type { StoreLayout } from '../store/layout.js';
import { listContainerIds, readRecord, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';
import { sweepVolumesOfRemovedContainers } from '../volumes/volume-ops.js';
import { syncIfOrphanLeases } from '../network/orphan-leases.js';

/** Every container, reconciled, newest first. */
export async function loadContainers(layout: StoreLayout): Promise<ContainerRecord[]> {
  const out: ContainerRecord[] = [];
  const live = new Set<string>();
  for (const id of await listContainerIds(layout)) {
    const record = await readRecord(layout, id);
    if (!record) continue;
    live.add(id);
    const current = await reconcile(layout, record);
    if (current) out.push(current);
  }
  await sweepVolumesOfRemovedContainers(layout);
  // Leases of containers removed behind the engine's back (--rm monitors); the sync is best effort.
  await syncIfOrphanLeases(layout, live).catch(() => false);
  return out.sort((a, b) => b.config.created.localeCompare(a.config.created));
}

/** Records without reconciling (for name checks under the lock). */
export async function readAllRecords(layout: StoreLayout): Promise<ContainerRecord[]> {
  const out: ContainerRecord[] = [];
  for (const id of await listContainerIds(layout)) {
    const record = await readRecord(layout, id);
    if (record) out.push(record);
  }
  return out;
}

export function matchContainer(records: readonly ContainerRecord[], input: string): ContainerRecord {
  const exact = records.find((r) => r.config.id === input);
  if (exact) return exact;
  const name = input.startsWith('/') ? input.slice(1) : input;
  const named = records.find((r) => r.config.name === name);
  if (named) return named;
  if (/^[0-9a-f]+$/.test(input)) {
    const matches = records.filter((r) => r.config.id.startsWith(input));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new ContainerError('CONTAINER_AMBIGUOUS', `multiple containers found with ID prefix ${input}`, {
        hint: 'give more characters of the ID',
        fields: { container: input },
      });
    }
  }
  throw new ContainerNotFoundError(input);
}

/** The container `input` names, reconciled; ContainerNotFoundError otherwise. */
export async function findContainer(layout: StoreLayout, input: string): Promise<ContainerRecord> {
  const records = await readAllRecords(layout);
  await syncIfOrphanLeases(layout, new Set(records.map((r) => r.config.id))).catch(() => false);
  const record = matchContainer(records, input);
  const current = await reconcile(layout, record);
  if (!current) throw new ContainerNotFoundError(input);
  return current;
}
