import { parseReference, formatReference } from '../../../engine/reference/reference.js';
import { parsePlatform } from '../../../engine/reference/platform.js';
import { flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { pullReported } from '../pull-report.js';
import { requireOperands } from './container-cli.js';

export const pullCommand: Command = {
  name: 'pull',
  aliases: ['image pull'],
  summary: 'Download an image from a registry',
  usage: 'tscontain pull [OPTIONS] NAME[:TAG|@DIGEST]',
  flags: [
    { long: 'platform', kind: 'string', valueName: 'string', description: 'Set platform (os/arch[/variant]), default: this host' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress verbose output' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'pull', 1, 1);
    const input = args.operands[0]!;
    const ref = parseReference(input);
    const platformFlag = flagString(args, 'platform');
    const platform = platformFlag === undefined ? undefined : parsePlatform(platformFlag);
    const quiet = args.flags.quiet === true;
    const engine = await ctx.engine();
    if (!quiet && !/[:@]/.test(input.slice(input.lastIndexOf('/') + 1))) write(ctx.stdout, 'Using default tag: latest');
    await pullReported(ctx, engine, ref, quiet ? undefined : ctx.stdout, platform);
    write(ctx.stdout, formatReference(ref));
    return 0;
  },
};
