// Stand-ins for the user's terminal in attach tests: a stdin we type into
// (optionally claiming to be a TTY, recording raw-mode changes) and a stdout
// that collects text and can be "resized".
import { PassThrough, Writable } from 'node:stream';
import type { TerminalIO } from '../../../app/cli/terminal/terminal-io.js';

export class FakeStdin extends PassThrough {
  isTTY: boolean;
  isRaw = false;
  readonly rawModes: boolean[] = [];
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.rawModes.push(mode);
    return this;
  }
}

export class FakeStdout extends Writable {
  isTTY = true;
  rows: number;
  columns: number;
  text = '';
  constructor(rows = 24, columns = 80) {
    super();
    this.rows = rows;
    this.columns = columns;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
  resizeTo(rows: number, columns: number): void {
    this.rows = rows;
    this.columns = columns;
    this.emit('resize');
  }
}

export function fakeIO(tty: boolean): TerminalIO & { stdin: FakeStdin; stdout: FakeStdout; stderr: FakeStdout } {
  return { stdin: new FakeStdin(tty), stdout: new FakeStdout(), stderr: new FakeStdout() };
}

/** Polls until `check` holds; throws with `describe()` after `ms`. */
export async function until(check: () => boolean, describe: () => string, ms = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
