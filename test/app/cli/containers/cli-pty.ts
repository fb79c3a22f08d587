// The real CLI in a real pty (node-pty), as a user at a terminal runs it:
// its screen is rendered by @xterm/headless, and tests type into it.
import pty from 'node-pty';
import xtermHeadless from '@xterm/headless';
import { CLI_ENTRY } from '../../../support/tscontain-cli.js';
import { until } from '../../../engine/containers/attach-term-io.js';

export interface CliPty {
  exited: Promise<number>;
  screen(): string;
  waitFor(re: RegExp, ms?: number): Promise<void>;
  type(s: string): void;
  dispose(): void;
}

export function startCliPty(args: string[], env: NodeJS.ProcessEnv, size = { cols: 80, rows: 24 }): CliPty {
  const term = new xtermHeadless.Terminal({ ...size, allowProposedApi: true });
  const proc = pty.spawn(process.execPath, [CLI_ENTRY, ...args], { name: 'xterm-256color', ...size, cwd: '/', env });
  proc.onData((data) => term.write(data));
  // Shells with line editing ask for the cursor position; the emulator answers like a real terminal.
  term.onData((data) => proc.write(data));
  // xterm parses asynchronously: let it render the last output before the test looks at the screen.
  const exited = new Promise<number>((resolve) => proc.onExit(({ exitCode }) => term.write('', () => resolve(exitCode))));
  const screen = (): string => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  return {
    exited,
    screen,
    waitFor: (re, ms = 10_000) => until(() => re.test(screen()), () => `${re} on screen:\n${screen()}`, ms),
    type: (s) => proc.write(s),
    dispose: () => {
      proc.kill('SIGKILL');
      term.dispose();
    },
  };
}
