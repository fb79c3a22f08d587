import { findContainer } from '../../../engine/containers/lookup.js';
import { parseSince, readLogs } from '../../../engine/containers/logs.js';
import { UsageError } from '../../../engine/errors.js';
import { flagBool, flagString } from '../args.js';
import type { Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const logsCommand: Command = {
  name: 'logs',
  aliases: ['container logs'],
  summary: 'Fetch the logs of a container',
  usage: 'tscontain logs [OPTIONS] CONTAINER',
  flags: [
    { long: 'follow', short: 'f', kind: 'bool', description: 'Follow log output' },
    { long: 'tail', short: 'n', kind: 'string', valueName: 'string', description: 'Number of lines to show from the end of the logs (default "all")' },
    { long: 'timestamps', short: 't', kind: 'bool', description: 'Show timestamps' },
    { long: 'since', kind: 'string', valueName: 'string', description: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'logs');
    const tailFlag = flagString(args, 'tail');
    if (tailFlag !== undefined && tailFlag !== 'all' && !/^-?\d+$/.test(tailFlag)) {
      throw new UsageError(`invalid value "${tailFlag}" for --tail: use a number or "all"`);
    }
    const tail = tailFlag === undefined || tailFlag === 'all' || Number(tailFlag) < 0 ? undefined : Number(tailFlag);
    const sinceFlag = flagString(args, 'since');
    const sinceMs = sinceFlag === undefined ? undefined : parseSince(sinceFlag);
    if (sinceFlag !== undefined && sinceMs === undefined) {
      throw new UsageError(`invalid value "${sinceFlag}" for --since: use a timestamp, Unix seconds or a duration like 10m`);
    }
    const timestamps = flagBool(args, 'timestamps');
    const { layout } = await ctx.engine();
    const record = await findContainer(layout, args.operands[0]!);
    const logs = readLogs(layout, record.config.id, { tail, sinceMs, follow: flagBool(args, 'follow'), signal: ctx.signal });
    for await (const entry of logs) {
      (entry.stream === 'stderr' ? ctx.stderr : ctx.stdout).write(timestamps ? `${entry.time} ${entry.log}` : entry.log);
    }
    return 0;
  },
};
