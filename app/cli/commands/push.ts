import { UsageError } from '../../../engine/errors.js';
import { pushImage } from '../../../engine/push/push-image.js';
import { write, type Command } from '../command.js';
import { PushProgressView } from '../push-progress.js';

export const pushCommand: Command = {
  name: 'push',
  aliases: ['image push'],
  summary: 'Upload an image to a registry',
  usage: 'tscontain push [OPTIONS] NAME[:TAG]',
  flags: [
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress verbose output' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    if (args.operands.length !== 1) {
      throw new UsageError('"push" requires exactly 1 argument', { hint: "see 'tscontain push --help'" });
    }
    const quiet = args.flags.quiet === true;
    const engine = await ctx.engine();
    const view = quiet ? undefined : new PushProgressView(ctx.stdout, ctx.stdout.isTTY === true);
    const result = await pushImage(engine.layout, await engine.registry(), args.operands[0]!, {
      signal: ctx.signal,
      onEvent: (event) => view?.handle(event),
    });
    if (quiet) write(ctx.stdout, `${result.reference}`);
    return 0;
  },
};
