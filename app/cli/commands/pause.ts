import { findContainer } from '../../../engine/containers/lookup.js';
import { pauseContainer, unpauseContainer } from '../../../engine/containers/pause.js';
import type { Command } from '../command.js';
import { forEachContainer, requireOperands } from './container-cli.js';

export const pauseCommand: Command = {
  name: 'pause',
  aliases: ['container pause'],
  summary: 'Pause all processes within one or more containers',
  usage: 'tscontain pause CONTAINER [CONTAINER...]',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'pause');
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await pauseContainer(layout, await findContainer(layout, input));
      return input;
    });
  },
};

export const unpauseCommand: Command = {
  name: 'unpause',
  aliases: ['container unpause'],
  summary: 'Unpause all processes within one or more containers',
  usage: 'tscontain unpause CONTAINER [CONTAINER...]',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'unpause');
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await unpauseContainer(layout, await findContainer(layout, input));
      return input;
    });
  },
};
