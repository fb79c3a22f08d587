import { UsageError } from '../../../engine/errors.js';
import { requireImageArgs } from '../../../engine/images/find-image.js';
import { saveImages, type SaveFormat } from '../../../engine/images/save-images.js';
import { flagString } from '../args.js';
import { refuseTerminalOutput, writeArchive } from '../archive-io.js';
import { write, type Command } from '../command.js';

const FORMATS: readonly SaveFormat[] = ['docker-archive', 'oci-archive'];

export const saveCommand: Command = {
  name: 'save',
  aliases: ['image save'],
  summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  usage: 'tscontain save [OPTIONS] IMAGE [IMAGE...]',
  flags: [
    { long: 'output', short: 'o', kind: 'string', valueName: 'string', description: 'Write to a file, instead of STDOUT' },
    { long: 'format', kind: 'string', valueName: 'string', description: "docker-archive (default; also an OCI layout) or oci-archive" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireImageArgs(args.operands, 'save');
    const format = (flagString(args, 'format') ?? 'docker-archive') as SaveFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`unsupported --format "${format}": use ${FORMATS.join(' or ')}`);
    const output = flagString(args, 'output');
    refuseTerminalOutput(ctx, output);
    const engine = await ctx.engine();
    const saved = await saveImages(engine.layout, args.operands, {
      format,
      signal: ctx.signal,
      onWarning: (message) => write(ctx.stderr, `Warning: ${message}`),
    });
    try {
      await writeArchive(ctx, saved.stream, output);
    } finally {
      await saved.cleanup();
    }
    return 0;
  },
};
