import { inspectImage } from '../../../engine/images/inspect-image.js';
import { requireImageArgs } from '../../../engine/images/find-image.js';
import { TscontainError } from '../../../engine/errors.js';
import { write, type Command } from '../command.js';
import { flagString } from '../args.js';
import { renderInspect } from '../../format/inspect-format.js';

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
    const found: unknown[] = [];
    let status = 0;
    for (const image of args.operands) {
      try {
        found.push(await inspectImage(engine.layout, image));
      } catch (err) {
        if (!(err instanceof TscontainError)) throw err;
        write(ctx.stderr, `Error: ${err.userLine()}`);
        status = 1;
      }
    }
    ctx.stdout.write(renderInspect(flagString(args, 'format'), found));
    return status;
  },
};
