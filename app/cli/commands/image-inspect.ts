import { inspectImage } from '../../../engine/images/inspect-image.js';
import { requireImageArgs } from '../../../engine/images/find-image.js';
import type { Command } from '../command.js';
import { flagString } from '../args.js';
import { renderInspect } from '../../format/inspect-format.js';
import { collectEach } from './container-cli.js';

export const imageInspectCommand: Command = {
  name: 'image inspect',
  summary: 'Display detailed information on one or more images',
  usage: 'tscontain image inspect [OPTIONS] IMAGE [IMAGE...]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: 'Format output using a Go template, or json' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireImageArgs(args.operands, 'image inspect');
    const engine = await ctx.engine();
    const { found, status } = await collectEach(ctx, args.operands, (image) => inspectImage(engine.layout, image));
    ctx.stdout.write(renderInspect(flagString(args, 'format'), found));
    return status;
  },
};
