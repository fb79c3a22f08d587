// A `run -d --rm` container is removed by its own monitor, so no engine code
// runs when it ends: its address lease, its published ports' DNAT rules and
// an idle bridge would stay until the next start, rm or network command.
// Every command that reads containers calls this with the IDs it found: one
// readdir and a read of each (small) network record, and the store lock plus
// a full sync only when some lease names a container that no longer exists.
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { listNetworks } from './records.js';
import { syncNetworking } from './sync.js';

/** Whether any network lease names a container not in `live`. */
export async function hasOrphanLeases(layout: StoreLayout, live: ReadonlySet<string>): Promise<boolean> {
  const networks = await listNetworks(layout).catch(() => []);
  return networks.some((n) => Object.keys(n.endpoints).some((id) => !live.has(id)));
}

/** Runs the network sync under the lock when a lease outlived its container; otherwise does nothing. */
export async function syncIfOrphanLeases(layout: StoreLayout, live: ReadonlySet<string>): Promise<boolean> {
  if (!(await hasOrphanLeases(layout, live))) return false;
  await withStoreLock(layout.root, () => syncNetworking(layout));
  return true;
}
