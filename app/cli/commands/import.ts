import { importImage } from '../../../engine/images/import-image.js';
import { parsePlatform } from '../../../engine/reference/platform.js';
import { flagList, flagString } from '../args.js';
import { openArchiveInput } from '../archive-io.js';
import { write, type Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const importCommand: Command = {
  name: 'import',
  aliases: ['image import'],
  summary: 'Import the contents from a tarball to create a filesystem image',
  usage: 'tscontain import [OPTIONS] file|- [REPOSITORY[:TAG]]',
  flags: [
    { long: 'change', short: 'c', kind: 'list', valueName: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { long: 'message', short: 'm', kind: 'string', valueName: 'string', description: 'Set commit message for imported image' },
    { long: 'platform', kind: 'string', valueName: 'string', description: 'Set platform if server is multi-platform capable' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'import', 1, 2);
    const file = args.operands[0]!;
    const source = await openArchiveInput(file === '-' ? undefined : file);
    const platform = flagString(args, 'platform');
    const engine = await ctx.engine();
    const record = await importImage(engine.layout, {
      source,
      sourceName: file,
      reference: args.operands[1],
      message: flagString(args, 'message'),
      changes: flagList(args, 'change'),
      platform: platform === undefined ? undefined : parsePlatform(platform),
      signal: ctx.signal,
    });
    write(ctx.stdout, record.id);
    return 0;
  },
};
