// The helper's `run` arguments for run-extras.ts's options, built at each
// start: --group-add names are resolved in the container's own /etc/group
// then (as -u is), so a group the image lacks is the user's error.
import { ContainerError } from '../errors.js';
import { readContainerFiles, type FileLayer } from './image-files.js';
import type { ContainerConfig } from './record.js';
import { deviceArgs } from './devices.js';
import { sysctlArgs } from './sysctls.js';
import { parseGroup } from './user.js';

/** Group IDs of --group-add entries; `layerDirs` topmost first. */
export async function resolveGroupAdd(groups: readonly string[] | undefined, layerDirs: readonly (string | FileLayer)[]): Promise<number[]> {
  if (!groups?.length) return [];
  const names = groups.some((g) => !/^\d+$/.test(g)) ? parseGroup((await readContainerFiles(layerDirs, ['/etc/group']))[0]) : [];
  return groups.map((g) => {
    if (/^\d+$/.test(g)) return Number(g);
    const entry = names.find((n) => n.name === g);
    if (!entry) {
      throw new ContainerError('CONTAINER_USER_UNKNOWN', `unable to find group ${g}: no matching entries in the container's group file`, {
        fields: { group: g },
      });
    }
    return entry.gid;
  });
}

export function extraRunArgs(config: ContainerConfig): string[] {
  const args: string[] = [];
  if (config.shmSize !== undefined) args.push('--shm-size', String(config.shmSize));
  if (config.noNewPrivileges) args.push('--no-new-privs');
  args.push(...deviceArgs(config.devices), ...sysctlArgs(config.sysctls));
  return args;
}
