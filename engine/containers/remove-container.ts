// `rm` and `container prune`. Removal happens under the store lock so a
// concurrent start, rename or rm of the same container sees it whole or not at all.
import { ContainerError } from '../errors.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { destroyContainer } from './destroy.js';
import { killContainer, waitForExit } from './lifecycle.js';
import { loadContainers } from './lookup.js';
import { ContainerPaths, readRecord, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';
import { removeAnonymousVolumes } from '../volumes/volume-ops.js';
import { treeBytes } from '../volumes/volume-store.js';

/** `volumes` (rm -v) also removes the container's anonymous volumes; --rm containers always do. */
export async function removeContainer(layout: StoreLayout, record: ContainerRecord, force: boolean, volumes = false): Promise<void> {
  const { id, name } = record.config;
  await withStoreLock(layout.root, async () => {
    const raw = await readRecord(layout, id);
    let current = raw && (await reconcile(layout, raw, { autoRemove: false }));
    if (!current) return;
    if (current.state.status === 'running') {
      if (!force && current.state.paused) {
        throw new ContainerError('CONTAINER_PAUSED', `cannot remove container "/${name}": container is paused`, {
          hint: 'Unpause and then stop the container before attempting removal or force remove',
          fields: { container: id },
        });
      }
      if (!force) {
        throw new ContainerError('CONTAINER_RUNNING', `cannot remove container "/${name}": container is running`, {
          hint: 'stop the container before removing or force remove',
          fields: { container: id },
        });
      }
      await killContainer(layout, current, 'KILL').catch(() => undefined);
      current = (await waitForExit(layout, id, { timeoutMs: 10_000, autoRemove: false })) ?? current;
    }
    await destroyContainer(layout, id, current.state);
    if (volumes || current.config.autoRemove) await removeAnonymousVolumes(layout, current.config);
  });
}

export interface PruneResult {
  deleted: string[];
  reclaimed: number;
}

/** Removes every container that is not running. */
export async function pruneContainers(layout: StoreLayout): Promise<PruneResult> {
  const result: PruneResult = { deleted: [], reclaimed: 0 };
  for (const record of await loadContainers(layout)) {
    if (record.state.status === 'running') continue;
    const size = await treeBytes(new ContainerPaths(layout, record.config.id).upper);
    await removeContainer(layout, record, false).catch(() => undefined);
    if (!(await readRecord(layout, record.config.id))) {
      result.deleted.push(record.config.id);
      result.reclaimed += size;
    }
  }
  return result;
}
