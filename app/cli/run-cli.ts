// The CLI's main loop: global options, command lookup, root check, and the
// one-line error report with Docker's exit codes (125 for usage errors).
import { openEngine, type Engine } from '../../engine/engine.js';
import { AbortedError, NotRootError, TscontainError, UsageError } from '../../engine/errors.js';
import { parseArgs, flagBool, flagString } from './args.js';
import { findCommand, loadAllCommands } from './commands/index.js';
import { commandHelp, mainHelp, VERSION } from './help.js';
import type { CommandContext } from './command.js';

export interface GlobalOptions {
  root?: string;
  configFile?: string;
  debug: boolean;
}

const GLOBAL_FLAGS = [
  { long: 'root', kind: 'string' as const, description: '' },
  { long: 'config', kind: 'string' as const, description: '' },
  { long: 'debug', short: 'D', kind: 'bool' as const, description: '' },
  { long: 'help', short: 'h', kind: 'bool' as const, description: '' },
  { long: 'version', short: 'v', kind: 'bool' as const, description: '' },
];

export async function runCli(argv: readonly string[], io: Pick<CommandContext, 'stdout' | 'stderr'> = process): Promise<number> {
  let debug = argv.includes('-D') || argv.includes('--debug');
  const controller = new AbortController();
  const onSignal = () => controller.abort(new AbortedError());
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const global = parseArgs('', argv, GLOBAL_FLAGS, true);
    debug = flagBool(global, 'debug');
    if (flagBool(global, 'version')) {
      io.stdout.write(`tscontain version ${VERSION}\n`);
      return 0;
    }
    if (flagBool(global, 'help') || global.operands.length === 0) {
      io.stdout.write(mainHelp(await loadAllCommands()));
      return 0;
    }
    const found = await findCommand(global.operands);
    if (!found) {
      throw new UsageError(`unknown command "${global.operands.join(' ')}"`, { hint: "see 'tscontain --help'" });
    }
    const { command, rest } = found;
    const args = parseArgs(command.name, rest, [...command.flags, { long: 'help', kind: 'bool', description: '' }], command.stopAtOperand);
    if (flagBool(args, 'help')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    if (command.needsRoot && process.geteuid?.() !== 0) throw new NotRootError(`tscontain ${command.name}`);
    let engine: Promise<Engine> | undefined;
    const ctx: CommandContext = {
      ...io,
      signal: controller.signal,
      debug,
      engine: () => (engine ??= openEngine({ root: flagString(global, 'root'), configFile: flagString(global, 'config') })),
    };
    return await command.run(ctx, args);
  } catch (err) {
    return report(err, io.stderr, debug);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function report(err: unknown, stderr: CommandContext['stderr'], debug: boolean): number {
  if (err instanceof AbortedError) {
    stderr.write('Error: interrupted; nothing partial was kept\n');
    return 130;
  }
  if (err instanceof TscontainError) {
    stderr.write(`Error: ${err.userLine()}\n`);
    if (debug) stderr.write(`${err.stack ?? ''}\n${err.cause ? `cause: ${String((err.cause as Error).stack ?? err.cause)}\n` : ''}`);
    // Run-family commands mark their errors with Docker's status (125/126/127).
    const status = err.fields.exitStatus;
    if (typeof status === 'number') return status;
    return err instanceof UsageError ? 125 : 1;
  }
  stderr.write(`Error: internal error: ${(err as Error)?.message ?? String(err)}; please report this with the output of --debug\n`);
  if (debug) stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 1;
}
