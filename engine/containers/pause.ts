// pause/unpause: the container's cgroup is frozen (engine/cgroups/freezer.ts)
// and state.json records it, so ps and inspect need not read cgroup files.
// Transitions happen under the store lock against a re-read record, so a
// concurrent stop or rm sees paused or not, never half. Signals to a paused
// container are delivered by thawing it afterwards, as Docker does.
import { ContainerError } from '../errors.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { containerCgroup } from './cgroups.js';
import { readRecord, writeState, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';

export function isPaused(record: ContainerRecord): boolean {
  return record.state.status === 'running' && record.state.paused === true;
}

function gone(record: ContainerRecord): ContainerError {
  return new ContainerError('CONTAINER_NOT_FOUND', `No such container: ${record.config.name}`, { fields: { container: record.config.id } });
}

async function current(layout: StoreLayout, record: ContainerRecord): Promise<ContainerRecord> {
  const raw = await readRecord(layout, record.config.id);
  const now = raw && (await reconcile(layout, raw));
  if (!now) throw gone(record);
  return now;
}

/** Docker's `pause`: every process of the container stops until `unpause`. */
export async function pauseContainer(layout: StoreLayout, record: ContainerRecord): Promise<ContainerRecord> {
  return withStoreLock(layout.root, async () => {
    const now = await current(layout, record);
    const { id } = now.config;
    if (now.state.status !== 'running') {
      throw new ContainerError('CONTAINER_NOT_RUNNING', `Container ${id} is not running`, { fields: { container: id } });
    }
    if (isPaused(now)) {
      throw new ContainerError('CONTAINER_PAUSED', `Container ${id} is already paused`, { fields: { container: id } });
    }
    await containerCgroup(id).freeze();
    const state = { ...now.state, paused: true };
    try {
      await writeState(layout, id, state);
    } catch (err) {
      await containerCgroup(id).thaw().catch(() => undefined);
      throw err;
    }
    return { config: now.config, state };
  });
}

/** Docker's `unpause`. */
export async function unpauseContainer(layout: StoreLayout, record: ContainerRecord): Promise<ContainerRecord> {
  return withStoreLock(layout.root, async () => {
    const now = await current(layout, record);
    const { id } = now.config;
    if (!isPaused(now)) {
      throw new ContainerError('CONTAINER_NOT_PAUSED', `Container ${id} is not paused`, { fields: { container: id } });
    }
    await containerCgroup(id).thaw();
    const state = { ...now.state, paused: false };
    await writeState(layout, id, state);
    return { config: now.config, state };
  });
}

/**
 * After a signal was sent to a paused container: thaw it so the signal is
 * acted on, and record it unpaused (Docker's stop/kill of a paused container).
 */
export async function thawAfterSignal(layout: StoreLayout, record: ContainerRecord): Promise<void> {
  if (!isPaused(record)) return;
  await containerCgroup(record.config.id).thaw().catch(() => undefined);
  await withStoreLock(layout.root, async () => {
    const raw = await readRecord(layout, record.config.id);
    if (raw?.state.paused) await writeState(layout, raw.config.id, { ...raw.state, paused: false });
  });
}

/** Refuses work that needs the container's processes to run (exec, attach). */
export function refuseIfPaused(record: ContainerRecord, action: string): void {
  if (isPaused(record)) {
    throw new ContainerError('CONTAINER_PAUSED', `Container ${record.config.id} is paused, unpause the container before ${action}`, {
      fields: { container: record.config.id },
    });
  }
}

/**
 * Runs `fn` with the container paused if it is running and not paused yet
 * (commit's default, so the files are read in one consistent state), and
 * unpauses it again afterwards, whatever `fn` did.
 */
export async function whilePaused<T>(layout: StoreLayout, record: ContainerRecord, fn: () => Promise<T>): Promise<T> {
  if (record.state.status !== 'running' || isPaused(record)) return fn();
  const paused = await pauseContainer(layout, record);
  try {
    return await fn();
  } finally {
    await unpauseContainer(layout, paused).catch((err: unknown) => {
      // Ended meanwhile (killed while paused): nothing to thaw.
      if (!(err instanceof ContainerError)) throw err;
    });
  }
}
