import { containerCgroup } from '../../../engine/containers/cgroups.js';
import { findContainer } from '../../../engine/containers/lookup.js';
import { psProcesses } from '../../../engine/containers/top-ps.js';
import { topProcesses } from '../../../engine/containers/top.js';
import { ContainerError } from '../../../engine/errors.js';
import { formatColumns } from '../../format/columns.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const topCommand: Command = {
  name: 'top',
  aliases: ['container top'],
  summary: 'Display the running processes of a container',
  usage: 'tscontain top CONTAINER [ps OPTIONS]',
  flags: [],
  // Everything after the container is the host ps's own options, as in Docker.
  stopAtOperand: true,
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'top');
    const [input, ...psArgs] = args.operands;
    const { layout } = await ctx.engine();
    const record = await findContainer(layout, input!);
    if (record.state.status !== 'running') {
      throw new ContainerError('CONTAINER_NOT_RUNNING', `container ${record.config.id} is not running`);
    }
    const pids = await containerCgroup(record.config.id).pids();
    // Without options: Docker's default `ps -ef` columns, read from /proc (no ps needed).
    const top = psArgs.length > 0 ? await psProcesses(pids, psArgs) : await topProcesses(pids);
    ctx.stdout.write(formatColumns(top.titles, top.processes));
    return 0;
  },
};
