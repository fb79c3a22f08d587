import { systemInfo } from '../../../engine/system/system-info.js';
import { renderInfo } from '../../format/info-format.js';
import { compileTemplate } from '../../format/template.js';
import { expandFormatEscapes } from '../../format/tabwriter.js';
import { flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { VERSION } from '../help.js';

export const infoCommand: Command = {
  name: 'info',
  aliases: ['system info'],
  summary: 'Display system-wide information',
  usage: 'tscontain info [OPTIONS]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: "Format output using a custom template: 'json' or a Go template" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const { layout, config } = await ctx.engine();
    const info = await systemInfo(layout, config);
    const format = flagString(args, 'format');
    if (format === 'json') write(ctx.stdout, JSON.stringify(info));
    else if (format !== undefined && format !== '') write(ctx.stdout, compileTemplate(expandFormatEscapes(format)).execute(info));
    else {
      ctx.stdout.write(renderInfo(info, VERSION, process.argv.includes('-D') || process.argv.includes('--debug')));
      for (const w of info.Warnings) write(ctx.stderr, w);
    }
    return 0;
  },
};
