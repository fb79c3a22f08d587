import { renameContainer } from '../../../engine/containers/rename-container.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const renameCommand: Command = {
  name: 'rename',
  aliases: ['container rename'],
  summary: 'Rename a container',
  usage: 'tscontain rename CONTAINER NEW_NAME',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'rename', 2);
    const { layout } = await ctx.engine();
    await renameContainer(layout, args.operands[0]!, args.operands[1]!);
    return 0;
  },
};
