import { write, type Command } from '../command.js';
import { flagString } from '../args.js';
import { renderInspect } from '../../format/inspect-format.js';
import { requireOperands } from './container-cli.js';
import { inspectObject, parseObjectType } from './inspect-objects.js';

export const inspectCommand: Command = {
  name: 'inspect',
  aliases: ['container inspect'],
  summary: 'Return low-level information on containers, images, networks or volumes',
  usage: 'tscontain inspect [OPTIONS] NAME|ID [NAME|ID...]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: 'Format output using a Go template, or json' },
    { long: 'type', kind: 'string', valueName: 'string', description: 'Return JSON for specified type (container, image, network, volume)' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'inspect');
    const type = parseObjectType(flagString(args, 'type'));
    const { layout } = await ctx.engine();
    const out: unknown[] = [];
    let status = 0;
    for (const input of args.operands) {
      const found = await inspectObject(layout, input, type);
      if ('object' in found) out.push(found.object);
      else {
        write(ctx.stderr, `Error: ${found.error}`);
        status = 1;
      }
    }
    ctx.stdout.write(renderInspect(flagString(args, 'format'), out));
    return status;
  },
};
