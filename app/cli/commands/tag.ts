import { tagImage } from '../../../engine/images/tag-image.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const tagCommand: Command = {
  name: 'tag',
  aliases: ['image tag'],
  summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  usage: 'tscontain tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'tag', 2, 2);
    const engine = await ctx.engine();
    await tagImage(engine.layout, args.operands[0]!, args.operands[1]!, ctx.signal);
    return 0;
  },
};
