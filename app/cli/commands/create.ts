import { createContainer } from '../../../engine/containers/create-container.js';
import { write, type Command } from '../command.js';
import { CREATE_FLAGS, createOptions } from './container-flags.js';
import { asRunFamily } from './container-cli.js';
import { PULL_FLAG, pullIfNeeded, pullPolicy } from './pull-missing.js';

export const createCommand: Command = {
  name: 'create',
  aliases: ['container create'],
  summary: 'Create a new container',
  usage: 'tscontain create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: [...CREATE_FLAGS, PULL_FLAG],
  stopAtOperand: true,
  needsRoot: true,
  async run(ctx, args) {
    return asRunFamily(async () => {
      const opts = createOptions(args, ctx.signal);
      const { layout } = await ctx.engine();
      await pullIfNeeded(ctx, opts.image, pullPolicy(args));
      const { record, warnings } = await createContainer(layout, opts);
      for (const w of warnings) write(ctx.stderr, `WARNING: ${w}`);
      write(ctx.stdout, record.config.id);
      return 0;
    });
  },
};
