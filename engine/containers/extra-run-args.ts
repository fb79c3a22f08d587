// The helper's `run` arguments for run-extras.ts's options, built at each
// start. --group-add names are resolved with -u (user.ts), in the
// container's own /etc/group, so a group the image lacks is the user's error.
import type { ContainerConfig } from './record.js';
import { deviceArgs } from './devices.js';
import { sysctlArgs } from './sysctls.js';

export function extraRunArgs(config: ContainerConfig): string[] {
  const args: string[] = [];
  if (config.shmSize !== undefined) args.push('--shm-size', String(config.shmSize));
  if (config.noNewPrivileges) args.push('--no-new-privs');
  args.push(...deviceArgs(config.devices), ...sysctlArgs(config.sysctls));
  return args;
}
