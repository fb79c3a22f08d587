import { inspectContainer } from '../../../engine/containers/inspect-container.js';
import { findContainer } from '../../../engine/containers/lookup.js';
import { inspectImage } from '../../../engine/images/inspect-image.js';
import { TscontainError } from '../../../engine/errors.js';
import { write, type Command } from '../command.js';
import { flagString } from '../args.js';
import { renderInspect } from '../../format/inspect-format.js';
import { requireOperands } from './container-cli.js';

export const inspectCommand: Command = {
  name: 'inspect',
  aliases: ['container inspect'],
  summary: 'Return low-level information on containers (or images)',
  usage: 'tscontain inspect [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: 'Format output using a Go template, or json' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'inspect');
    const { layout } = await ctx.engine();
    const out: unknown[] = [];
    let status = 0;
    for (const input of args.operands) {
      try {
        out.push(inspectContainer(layout, await findContainer(layout, input)));
      } catch (err) {
        if (!(err instanceof TscontainError) || err.code !== 'CONTAINER_NOT_FOUND') throw err;
        // Like `docker inspect`: an image of that name will do.
        const image = await inspectImage(layout, input).catch(() => undefined);
        if (image) out.push(image);
        else {
          write(ctx.stderr, `Error: No such object: ${input}`);
          status = 1;
        }
      }
    }
    ctx.stdout.write(renderInspect(flagString(args, 'format'), out));
    return status;
  },
};
