import { systemInfo } from '../../../engine/system/system-info.js';
import { renderInfo } from '../../format/info-format.js';
import { renderObject } from '../../format/inspect-format.js';
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
    const formatted = renderObject(flagString(args, 'format'), info);
    if (formatted !== undefined) ctx.stdout.write(formatted);
    else {
      ctx.stdout.write(renderInfo(info, VERSION, ctx.debug === true));
      for (const w of info.Warnings) write(ctx.stderr, w);
    }
    return 0;
  },
};
