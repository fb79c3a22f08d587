import { removeImage } from '../../../engine/images/remove-image.js';
import { requireImageArgs } from '../../../engine/images/find-image.js';
import { TscontainError } from '../../../engine/errors.js';
import { write, type Command } from '../command.js';

export const rmiCommand: Command = {
  name: 'rmi',
  aliases: ['image rm', 'image remove'],
  summary: 'Remove one or more images',
  usage: 'tscontain rmi [OPTIONS] IMAGE [IMAGE...]',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Force removal of the image' }],
  needsRoot: true,
  async run(ctx, args) {
    requireImageArgs(args.operands, 'rmi');
    const engine = await ctx.engine();
    let status = 0;
    // Like Docker: go on with the other images and report each failure.
    for (const image of args.operands) {
      try {
        const result = await removeImage(engine.layout, image, { force: args.flags.force === true, signal: ctx.signal });
        for (const name of result.untagged) write(ctx.stdout, `Untagged: ${name}`);
        for (const id of result.deleted) write(ctx.stdout, `Deleted: ${id}`);
      } catch (err) {
        if (!(err instanceof TscontainError) || args.operands.length === 1) throw err;
        write(ctx.stderr, `Error: ${err.userLine()}`);
        status = 1;
      }
    }
    return status;
  },
};
