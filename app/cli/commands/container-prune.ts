import { pruneContainers } from '../../../engine/containers/remove-container.js';
import { humanSize } from '../../format/units.js';
import { flagBool } from '../args.js';
import { write, type Command } from '../command.js';
import { confirm } from '../prompt.js';

export const containerPruneCommand: Command = {
  name: 'container prune',
  summary: 'Remove all stopped containers',
  usage: 'tscontain container prune [OPTIONS]',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' }],
  needsRoot: true,
  async run(ctx, args) {
    if (!flagBool(args, 'force') && !(await confirm(process.stdin, ctx.stdout, 'This will remove all stopped containers.'))) return 0;
    const { layout } = await ctx.engine();
    const result = await pruneContainers(layout);
    if (result.deleted.length) write(ctx.stdout, `Deleted Containers:\n${result.deleted.join('\n')}\n\n`);
    write(ctx.stdout, `Total reclaimed space: ${humanSize(result.reclaimed)}`);
    return 0;
  },
};
