import { loadContainers } from '../../../engine/containers/lookup.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';
import { UsageError } from '../../../engine/errors.js';
import { formatColumns } from '../../format/columns.js';
import { humanDuration, timeAgo } from '../../format/units.js';
import { flagBool, flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { networkNames, portsColumn } from '../../../engine/network/inspect-settings.js';

/** Docker's COMMAND column: the command line quoted, cut to 20 characters with an ellipsis. */
export function commandColumn(r: ContainerRecord, truncate = true): string {
  const command = [r.config.path, ...r.config.args].join(' ');
  const cut = truncate && [...command].length > 20 ? `${[...command].slice(0, 19).join('')}…` : command;
  return `"${cut}"`;
}

export function statusText(r: ContainerRecord, now = Date.now()): string {
  const { state } = r;
  switch (state.status) {
    case 'running':
      return `Up ${humanDuration(Math.max(0, now - Date.parse(state.startedAt)))}${state.paused ? ' (Paused)' : ''}`;
    case 'exited':
      return `Exited (${state.exitCode}) ${timeAgo(state.finishedAt, now)}`;
    case 'dead':
      return 'Dead';
    default:
      return 'Created';
  }
}

export const psCommand: Command = {
  name: 'ps',
  aliases: ['container ls', 'container list', 'container ps'],
  summary: 'List containers',
  usage: 'tscontain ps [OPTIONS]',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Show all containers (default shows just running)' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only display container IDs' },
    { long: 'no-trunc', kind: 'bool', description: "Don't truncate output" },
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table' (default) or 'json'" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const format = flagString(args, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`unsupported --format "${format}": use table or json`);
    const noTrunc = flagBool(args, 'no-trunc');
    const { layout } = await ctx.engine();
    const all = flagBool(args, 'all');
    const rows = (await loadContainers(layout)).filter((r) => all || r.state.status === 'running');
    const id = (r: ContainerRecord) => (noTrunc ? r.config.id : r.config.id.slice(0, 12));
    if (flagBool(args, 'quiet')) {
      if (rows.length) write(ctx.stdout, rows.map(id).join('\n'));
      return 0;
    }
    if (format === 'json') {
      for (const r of rows) {
        write(ctx.stdout, JSON.stringify({
          Command: commandColumn(r, !noTrunc),
          CreatedAt: r.config.created,
          ID: id(r),
          Image: r.config.imageName,
          Labels: '',
          LocalVolumes: '0',
          Mounts: '',
          Names: r.config.name,
          Networks: networkNames(layout, r).join(','),
          Ports: portsColumn(layout, r),
          RunningFor: timeAgo(r.config.created),
          Size: '0B',
          State: r.state.status === 'running' && r.state.paused ? 'paused' : r.state.status,
          Status: statusText(r),
        }));
      }
      return 0;
    }
    const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];
    const cells = rows.map((r) => [id(r), r.config.imageName, commandColumn(r, !noTrunc), timeAgo(r.config.created), statusText(r), portsColumn(layout, r), r.config.name]);
    ctx.stdout.write(formatColumns(header, cells));
    return 0;
  },
};
