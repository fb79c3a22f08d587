import { commitImage } from '../../../engine/images/commit-image.js';
import { flagList, flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const commitCommand: Command = {
  name: 'commit',
  aliases: ['container commit'],
  summary: "Create a new image from a container's changes",
  usage: 'tscontain commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
  flags: [
    { long: 'author', short: 'a', kind: 'string', valueName: 'string', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { long: 'change', short: 'c', kind: 'list', valueName: 'list', description: 'Apply Dockerfile instruction to the created image (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR, VOLUME, STOPSIGNAL)' },
    { long: 'message', short: 'm', kind: 'string', valueName: 'string', description: 'Commit message' },
    { long: 'pause', short: 'p', kind: 'bool', description: 'Pause container during commit (default true)' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'commit', 1, 2);
    const engine = await ctx.engine();
    const record = await commitImage(engine.layout, {
      container: args.operands[0]!,
      reference: args.operands[1],
      message: flagString(args, 'message'),
      author: flagString(args, 'author'),
      changes: flagList(args, 'change'),
      pause: args.flags.pause !== false,
      signal: ctx.signal,
    });
    write(ctx.stdout, record.id);
    return 0;
  },
};
