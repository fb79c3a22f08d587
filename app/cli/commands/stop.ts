import { findContainer } from '../../../engine/containers/lookup.js';
import { restartContainer, stopContainer } from '../../../engine/containers/lifecycle.js';
import { UsageError } from '../../../engine/errors.js';
import { flagString, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { forEachContainer, requireOperands } from './container-cli.js';

const TIME_FLAG = { long: 'time', short: 't', kind: 'string' as const, valueName: 'int', description: "Seconds to wait before killing the container (default: the container's --stop-timeout, else 10)" };

/** Undefined: the container's --stop-timeout, else 10 s. -1 waits forever, as Docker's. */
function timeout(args: ParsedArgs): number | undefined {
  const value = flagString(args, 'time');
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`invalid value "${value}" for --time: use a whole number of seconds`);
  return Math.max(-1, Number(value));
}

export const stopCommand: Command = {
  name: 'stop',
  aliases: ['container stop'],
  summary: 'Stop one or more running containers',
  usage: 'tscontain stop [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [TIME_FLAG],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'stop');
    const seconds = timeout(args);
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await stopContainer(layout, await findContainer(layout, input), seconds, ctx.signal);
      return input;
    });
  },
};

export const restartCommand: Command = {
  name: 'restart',
  aliases: ['container restart'],
  summary: 'Restart one or more containers',
  usage: 'tscontain restart [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [TIME_FLAG],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'restart');
    const seconds = timeout(args);
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await restartContainer(layout, await findContainer(layout, input), seconds, ctx.signal);
      return input;
    });
  },
};
