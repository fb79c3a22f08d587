import { pushImage, type PushResult } from '../../../engine/push/push-image.js';
import { pushAllTags } from '../../../engine/push/push-all-tags.js';
import { write, type Command } from '../command.js';
import { PushProgressView } from '../push-progress.js';
import { requireOperands } from './container-cli.js';

export const pushCommand: Command = {
  name: 'push',
  aliases: ['image push'],
  summary: 'Upload an image to a registry',
  usage: 'tscontain push [OPTIONS] NAME[:TAG]',
  flags: [
    { long: 'all-tags', short: 'a', kind: 'bool', description: 'Push all tags of an image to the repository' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress verbose output' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'push', 1, 1);
    const quiet = args.flags.quiet === true;
    const engine = await ctx.engine();
    const client = await engine.registry();
    let view: PushProgressView | undefined;
    let announced = false;
    const opts = {
      signal: ctx.signal,
      onEvent: (event: Parameters<PushProgressView['handle']>[0]) => {
        if (quiet) return;
        // Like Docker's --all-tags: the repository is named once, each tag gets its own layer lines.
        if (event.type === 'start') {
          view = new PushProgressView(ctx.stdout, ctx.stdout.isTTY === true);
          if (announced) return;
          announced = true;
        }
        view?.handle(event);
      },
    };
    const results: PushResult[] = args.flags['all-tags'] === true
      ? await pushAllTags(engine.layout, client, args.operands[0]!, opts)
      : [await pushImage(engine.layout, client, args.operands[0]!, opts)];
    if (quiet) for (const result of results) write(ctx.stdout, result.reference);
    return 0;
  },
};
