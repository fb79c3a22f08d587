import { UsageError } from '../../../engine/errors.js';
import { loadImages } from '../../../engine/images/load-images.js';
import { familiarName, parseReference } from '../../../engine/reference/reference.js';
import { flagBool, flagString } from '../args.js';
import { openArchiveInput } from '../archive-io.js';
import { write, type Command } from '../command.js';

export const loadCommand: Command = {
  name: 'load',
  aliases: ['image load'],
  summary: 'Load images from a tar archive or STDIN (docker-archive or OCI layout; plain, gzip or zstd)',
  usage: 'tscontain load [OPTIONS]',
  flags: [
    { long: 'input', short: 'i', kind: 'string', valueName: 'string', description: 'Read from tar archive file, instead of STDIN' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Suppress the load output' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    if (args.operands.length) throw new UsageError('"load" accepts no arguments', { hint: "see 'tscontain load --help'" });
    const file = flagString(args, 'input');
    if (file === undefined && process.stdin.isTTY) {
      throw new UsageError('requested load from stdin, but stdin is empty', { hint: 'use -i FILE or redirect an archive into it' });
    }
    const source = await openArchiveInput(file);
    const engine = await ctx.engine();
    const records = await loadImages(engine.layout, source, {
      signal: ctx.signal,
      onEvent: (event) => {
        if (event.type !== 'loaded' || flagBool(args, 'quiet')) return;
        if (event.names.length === 0) write(ctx.stdout, `Loaded image ID: ${event.imageId}`);
        for (const name of event.names) write(ctx.stdout, `Loaded image: ${familiarName(parseReference(name))}`);
      },
    });
    return records.length ? 0 : 1;
  },
};
