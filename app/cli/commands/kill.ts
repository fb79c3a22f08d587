import { findContainer } from '../../../engine/containers/lookup.js';
import { killContainer } from '../../../engine/containers/lifecycle.js';
import { UsageError } from '../../../engine/errors.js';
import { flagString } from '../args.js';
import type { Command } from '../command.js';
import { forEachContainer, requireOperands } from './container-cli.js';

export const killCommand: Command = {
  name: 'kill',
  aliases: ['container kill'],
  summary: 'Kill one or more running containers',
  usage: 'tscontain kill [OPTIONS] CONTAINER [CONTAINER...]',
  flags: [{ long: 'signal', short: 's', kind: 'string', valueName: 'string', description: 'Signal to send to the container (default KILL)' }],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'kill');
    const signal = flagString(args, 'signal') ?? 'KILL';
    if (!/^(SIG)?[A-Za-z0-9+]+$/i.test(signal)) throw new UsageError(`invalid signal: ${signal}`);
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await killContainer(layout, await findContainer(layout, input), signal);
      return input;
    });
  },
};
