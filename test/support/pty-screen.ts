// A program in a real pty (node-pty) whose output is rendered by
// @xterm/headless, so tests read the screen a user would see and type into it.
import pty from 'node-pty';
import xtermHeadless from '@xterm/headless';
import { until } from '../engine/containers/attach-term-io.js';

export interface PtyScreen {
  proc: pty.IPty;
  exited: Promise<number>;
  screen(): string;
  /** Which xterm buffer is active: 'alternate' while a full-screen program holds the terminal. */
  bufferType(): 'normal' | 'alternate';
  waitFor(re: RegExp, ms?: number): Promise<void>;
  resize(cols: number, rows: number): void;
  type(s: string): void;
  dispose(): void;
}

export function startInPty(file: string, args: string[], env: NodeJS.ProcessEnv, size = { cols: 80, rows: 24 }): PtyScreen {
  const term = new xtermHeadless.Terminal({ ...size, allowProposedApi: true });
  const proc = pty.spawn(file, args, { name: 'xterm-256color', ...size, cwd: '/', env });
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
    proc,
    exited,
    screen,
    bufferType: () => term.buffer.active.type,
    waitFor: (re, ms = 10_000) => until(() => re.test(screen()), () => `${re} on screen:\n${screen()}`, ms),
    resize: (cols, rows) => {
      proc.resize(cols, rows);
      term.resize(cols, rows);
    },
    type: (s) => proc.write(s),
    dispose: () => term.dispose(),
  };
}
