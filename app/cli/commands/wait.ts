import { findContainer } from '../../../engine/containers/lookup.js';
import { waitForExit } from '../../../engine/containers/lifecycle.js';
import type { Command } from '../command.js';
import { forEachContainer, requireOperands } from './container-cli.js';

export const waitCommand: Command = {
  name: 'wait',
  aliases: ['container wait'],
  summary: 'Block until one or more containers stop, then print their exit codes',
  usage: 'tscontain wait CONTAINER [CONTAINER...]',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'wait');
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      const record = await findContainer(layout, input);
      const final = await waitForExit(layout, record.config.id, { signal: ctx.signal, autoRemove: false, pollMs: 100 });
      return String((final ?? record).state.exitCode);
    });
  },
};
