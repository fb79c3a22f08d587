// `rename`: under the store lock, so two renames (or a create) cannot end up
// with one name on two containers.
import { ContainerError } from '../errors.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { matchContainer, readAllRecords } from './lookup.js';
import { checkContainerName } from './names.js';
import { writeConfig } from './record.js';
import { refreshHosts } from '../network/endpoints.js';
import { listNetworks } from '../network/records.js';

export async function renameContainer(layout: StoreLayout, input: string, newName: string): Promise<void> {
  const name = checkContainerName(newName);
  await withStoreLock(layout.root, async () => {
    const records = await readAllRecords(layout);
    const record = matchContainer(records, input);
    if (record.config.name === name) {
      throw new ContainerError('NAME_IN_USE', `renaming a container with the same name as its current name`);
    }
    const clash = records.find((r) => r.config.name === name);
    if (clash) {
      throw new ContainerError('NAME_IN_USE', `the container name "/${name}" is already in use by container ${clash.config.id}`, {
        hint: 'remove or rename that container, or choose another name',
      });
    }
    await writeConfig(layout, { ...record.config, name });
    // Its peers on user networks resolve it by the new name only.
    const networks = (await listNetworks(layout)).filter((n) => n.endpoints[record.config.id]);
    await refreshHosts(layout, new Set(networks.map((n) => n.id)));
  });
}
