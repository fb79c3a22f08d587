import { containerCgroup } from '../../../engine/containers/cgroups.js';
import { findContainer } from '../../../engine/containers/lookup.js';
import { topProcesses } from '../../../engine/containers/top.js';
import { ContainerError } from '../../../engine/errors.js';
import { formatColumns } from '../../format/columns.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const topCommand: Command = {
  name: 'top',
  aliases: ['container top'],
  summary: 'Display the running processes of a container',
  usage: 'tscontain top CONTAINER',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'top');
    const { layout } = await ctx.engine();
    const record = await findContainer(layout, args.operands[0]!);
    if (record.state.status !== 'running') {
      throw new ContainerError('CONTAINER_NOT_RUNNING', `container ${record.config.id} is not running`);
    }
    const top = await topProcesses(await containerCgroup(record.config.id).pids());
    ctx.stdout.write(formatColumns(top.titles, top.processes));
    return 0;
  },
};
