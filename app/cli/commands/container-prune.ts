import { pruneContainers } from '../../../engine/containers/remove-container.js';
import { humanSize } from '../../format/units.js';
import { write, type Command } from '../command.js';

export const containerPruneCommand: Command = {
  name: 'container prune',
  summary: 'Remove all stopped containers',
  usage: 'tscontain container prune [OPTIONS]',
  // No daemon to confirm with: -f is accepted for Docker compatibility and prune never prompts.
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' }],
  needsRoot: true,
  async run(ctx) {
    const { layout } = await ctx.engine();
    const result = await pruneContainers(layout);
    if (result.deleted.length) write(ctx.stdout, `Deleted Containers:\n${result.deleted.join('\n')}\n\n`);
    write(ctx.stdout, `Total reclaimed space: ${humanSize(result.reclaimed)}`);
    return 0;
  },
};
