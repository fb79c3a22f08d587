import { UsageError } from '../../../engine/errors.js';
import { exportContainer } from '../../../engine/containers/export-container.js';
import { writeArchiveFile, writeArchiveStdout } from '../../../engine/archive/output-file.js';
import { flagString } from '../args.js';
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
    if (output === undefined && ctx.stdout.isTTY) {
      throw new UsageError('cowardly refusing to save to a terminal', { hint: 'use the -o flag or redirect' });
    }
    const engine = await ctx.engine();
    const stream = await exportContainer(engine.layout, args.operands[0]!, ctx.signal);
    if (output === undefined) await writeArchiveStdout(stream, ctx.stdout, ctx.signal);
    else await writeArchiveFile(stream, output, ctx.signal);
    return 0;
  },
};
