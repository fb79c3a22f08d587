import { findContainer } from '../../../engine/containers/lookup.js';
import { killContainer } from '../../../engine/containers/lifecycle.js';
import { UsageError } from '../../../engine/errors.js';
import { parseSignal } from '../../../engine/containers/signals.js';
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
    let signal: string;
    try {
      signal = String(parseSignal(flagString(args, 'signal') ?? 'KILL'));
    } catch (err) {
      // Docker's kill exits 1 for a bad signal, not 125.
      if (err instanceof UsageError) err.fields.exitStatus = 1;
      throw err;
    }
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await killContainer(layout, await findContainer(layout, input), signal);
      return input;
    });
  },
};
