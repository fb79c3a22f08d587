// What every CLI command provides, and what it is given to run.
import type { Writable } from 'node:stream';
import type { Engine } from '../../engine/engine.js';
import type { FlagSpec, ParsedArgs } from './args.js';

export interface CommandContext {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  /** Opens the engine lazily so `--help` never touches the store. */
  engine(): Promise<Engine>;
  signal: AbortSignal;
  /** The global -D/--debug. */
  debug?: boolean;
}

export interface Command {
  name: string;
  /** Other spellings, e.g. `image ls` for `images`. */
  aliases?: string[];
  summary: string;
  usage: string;
  flags: FlagSpec[];
  /** Everything after the first operand belongs to the operand (run, exec). */
  stopAtOperand?: boolean;
  /** Touches the store or the kernel, so it needs root. */
  needsRoot: boolean;
  /** Returns the process exit code. */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
