import { UsageError } from '../../../engine/errors.js';
import { findContainer } from '../../../engine/containers/lookup.js';
import { startContainer } from '../../../engine/containers/start-container.js';
import { flagBool } from '../args.js';
import { write, type Command } from '../command.js';
import { forEachContainer, requireOperands } from './container-cli.js';
import { logSize, runForeground } from './foreground.js';
import { loadInteractive } from './interactive-hooks.js';

export const startCommand: Command = {
  name: 'start',
  aliases: ['container start'],
  summary: 'Start one or more stopped containers',
  usage: 'tscontain start [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [
    { long: 'attach', short: 'a', kind: 'bool', description: "Attach STDOUT/STDERR and forward signals" },
    { long: 'interactive', short: 'i', kind: 'bool', description: "Attach container's STDIN" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'start');
    const { layout } = await ctx.engine();
    const attach = flagBool(args, 'attach') || flagBool(args, 'interactive');
    if (!attach) {
      return forEachContainer(ctx, args.operands, async (input) => {
        await startContainer(layout, await findContainer(layout, input), { signal: ctx.signal, onWarning: (w) => write(ctx.stderr, `WARNING: ${w}`) });
        return input;
      });
    }
    if (args.operands.length > 1) throw new UsageError('you cannot start and attach multiple containers at once');
    const record = await findContainer(layout, args.operands[0]!);
    const stdin = flagBool(args, 'interactive') && record.config.openStdin;
    const interactive = record.config.tty || stdin;
    const hooks = interactive ? await loadInteractive() : undefined;
    const logOffset = await logSize(layout, record.config.id);
    const started = await startContainer(layout, record, { signal: ctx.signal, waitAttach: interactive, onWarning: (w) => write(ctx.stderr, `WARNING: ${w}`) });
    return (await runForeground(ctx, layout, started, { interactive, stdin, hooks, logOffset })) ?? 0;
  },
};
