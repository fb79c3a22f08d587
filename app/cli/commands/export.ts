import { exportContainer } from '../../../engine/containers/export-container.js';
import { flagString } from '../args.js';
import { refuseTerminalOutput, writeArchive } from '../archive-io.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const exportCommand: Command = {
  name: 'export',
  aliases: ['container export'],
  summary: "Export a container's filesystem as a tar archive",
  usage: 'tscontain export [OPTIONS] CONTAINER',
  flags: [{ long: 'output', short: 'o', kind: 'string', valueName: 'string', description: 'Write to a file, instead of STDOUT' }],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'export', 1, 1);
    const output = flagString(args, 'output');
    refuseTerminalOutput(ctx, output);
    const engine = await ctx.engine();
    const stream = await exportContainer(engine.layout, args.operands[0]!, ctx.signal);
    await writeArchive(ctx, stream, output);
    return 0;
  },
};
