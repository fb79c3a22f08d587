import { imageHistory } from '../../../engine/images/image-history.js';
import { requireImageArgs } from '../../../engine/images/find-image.js';
import { HISTORY_HEADERS, historyFields, historyTable } from '../../format/history-format.js';
import { renderList } from '../../format/list-format.js';
import { flagBool, flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const historyCommand: Command = {
  name: 'history',
  aliases: ['image history'],
  summary: 'Show the history of an image',
  usage: 'tscontain history [OPTIONS] IMAGE',
  flags: [
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table', 'table TEMPLATE', 'json' or a Go template" },
    { long: 'human', short: 'H', kind: 'bool', description: 'Print sizes and dates in human readable format (default true)' },
    { long: 'no-trunc', kind: 'bool', description: "Don't truncate output" },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only show image IDs' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireImageArgs(args.operands, 'history');
    requireOperands(args, 'history', 1, 1);
    const opts = { noTrunc: flagBool(args, 'no-trunc'), human: args.flags.human !== false };
    const { layout } = await ctx.engine();
    const rows = await imageHistory(layout, args.operands[0]!);
    if (flagBool(args, 'quiet')) {
      write(ctx.stdout, rows.map((r) => historyFields(r, opts).ID).join('\n'));
      return 0;
    }
    ctx.stdout.write(renderList(flagString(args, 'format'), rows, {
      fields: (r) => historyFields(r, opts),
      headers: HISTORY_HEADERS,
      table: (list) => historyTable(list, opts),
    }));
    return 0;
  },
};
