// The real CLI in a real pty, as a user at a terminal runs it.
import { CLI_ENTRY } from '../../../support/tscontain-cli.js';
import { startInPty, type PtyScreen } from '../../../support/pty-screen.js';

export type CliPty = PtyScreen;

export function startCliPty(args: string[], env: NodeJS.ProcessEnv, size = { cols: 80, rows: 24 }): CliPty {
  const screen = startInPty(process.execPath, [CLI_ENTRY, ...args], env, size);
  return {
    ...screen,
    dispose: () => {
      screen.proc.kill('SIGKILL');
      screen.dispose();
    },
  };
}
