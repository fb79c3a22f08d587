// Finds the privileged helper binary: an explicit override, the installed
// setuid copy, or the one built in this checkout (tests, development).
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HelperError } from '../errors.js';

export const INSTALLED_HELPER = '/usr/local/libexec/tscontain/tscontain-helper';

function checkoutHelper(): string {
  // dist/engine/helper/locate.js -> <checkout>/helper-c/build/tscontain-helper
  return fileURLToPath(new URL('../../../helper-c/build/tscontain-helper', import.meta.url));
}

export function locateHelper(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.TSCONTAIN_HELPER ? [env.TSCONTAIN_HELPER] : [INSTALLED_HELPER, checkoutHelper()];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      continue;
    }
  }
  throw new HelperError('HELPER_MISSING', `the tscontain helper is not installed (looked in ${candidates.join(', ')})`, {
    hint: 'run `sudo npm run setup` in the tscontain checkout',
  });
}
