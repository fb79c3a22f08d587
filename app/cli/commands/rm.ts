import { findContainer } from '../../../engine/containers/lookup.js';
import { removeContainer } from '../../../engine/containers/remove-container.js';
import { flagBool } from '../args.js';
import type { Command } from '../command.js';
import { forEachContainer, requireOperands } from './container-cli.js';

export const rmCommand: Command = {
  name: 'rm',
  aliases: ['container rm', 'container remove'],
  summary: 'Remove one or more containers',
  usage: 'tscontain rm [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [
    { long: 'force', short: 'f', kind: 'bool', description: 'Force the removal of a running container (uses SIGKILL)' },
    { long: 'volumes', short: 'v', kind: 'bool', description: 'Remove anonymous volumes associated with the container' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'rm');
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await removeContainer(layout, await findContainer(layout, input), flagBool(args, 'force'), flagBool(args, 'volumes'));
      return input;
    });
  },
};
