import { findContainer } from '../../../engine/containers/lookup.js';
import { ContainerPaths } from '../../../engine/containers/record.js';
import { ContainerError } from '../../../engine/errors.js';
import { flagString, flagBool } from '../args.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';
import { loadInteractive } from './interactive-hooks.js';

export const attachCommand: Command = {
  name: 'attach',
  aliases: ['container attach'],
  summary: "Attach local standard input, output, and error streams to a running container",
  usage: 'tscontain attach [OPTIONS] CONTAINER',
  flags: [
    { long: 'detach-keys', kind: 'string', valueName: 'string', description: 'Override the key sequence for detaching a container (default ctrl-p,ctrl-q)' },
    { long: 'no-stdin', kind: 'bool', description: 'Do not attach STDIN' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'attach');
    const { layout } = await ctx.engine();
    const record = await findContainer(layout, args.operands[0]!);
    if (record.state.status !== 'running') {
      throw new ContainerError('CONTAINER_NOT_RUNNING', 'you cannot attach to a stopped container, start it first');
    }
    if (record.state.paused) {
      throw new ContainerError('CONTAINER_PAUSED', 'you cannot attach to a paused container, unpause it first');
    }
    const hooks = await loadInteractive();
    const detachKeys = flagString(args, 'detach-keys');
    const result = await hooks.attachToContainer(new ContainerPaths(layout, record.config.id).socket, {
      tty: record.config.tty,
      stdin: record.config.openStdin && !flagBool(args, 'no-stdin'),
      ...(detachKeys === undefined ? {} : { detachKeys }),
      signal: ctx.signal,
    });
    return result.detached ? 0 : (result.exitCode ?? 0);
  },
};
