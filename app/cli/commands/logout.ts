import { removeCredentials } from '../../../engine/auth/save-credentials.js';
import { write, type Command } from '../command.js';
import { loginKey, registryName } from './login.js';
import { requireOperands } from './container-cli.js';

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'Log out from a registry',
  usage: 'tscontain logout [SERVER]',
  flags: [],
  needsRoot: false,
  async run(ctx, args) {
    requireOperands(args, 'logout', 0, 1);
    const registry = registryName(args.operands[0]);
    const key = loginKey(registry);
    if (await removeCredentials(key)) write(ctx.stdout, `Removing login credentials for ${key}`);
    else write(ctx.stdout, `Not logged in to ${key}`);
    return 0;
  },
};
