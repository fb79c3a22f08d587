// `volume create/ls/rm/inspect/prune`, in Docker's output shapes.
import { UsageError, VolumeError, TscontainError } from '../../../engine/errors.js';
import { createVolume, pruneVolumes, removeVolume, sweepVolumesOfRemovedContainers, volumeUsers } from '../../../engine/volumes/volume-ops.js';
import { getVolume, listVolumes } from '../../../engine/volumes/volume-store.js';
import { readAllRecords } from '../../../engine/containers/lookup.js';
import { formatColumns } from '../../format/columns.js';
import { renderInspect } from '../../format/inspect-format.js';
import { humanSize } from '../../format/units.js';
import { flagBool, flagList, flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { confirm } from '../prompt.js';
import { forEachContainer, requireOperands } from './container-cli.js';

function labels(entries: string[]): Record<string, string> {
  return Object.fromEntries(entries.map((l) => {
    const eq = l.indexOf('=');
    return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)];
  }));
}

export const volumeCreateCommand: Command = {
  name: 'volume create',
  summary: 'Create a volume',
  usage: 'tscontain volume create [OPTIONS] [VOLUME]',
  flags: [
    { long: 'driver', short: 'd', kind: 'string', valueName: 'string', description: 'Specify volume driver name (only "local")' },
    { long: 'label', kind: 'list', valueName: 'list', description: 'Set metadata for a volume' },
    { long: 'name', kind: 'string', valueName: 'string', description: 'Specify volume name' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const driver = flagString(args, 'driver') ?? 'local';
    if (driver !== 'local') throw new UsageError(`volume driver "${driver}" is not supported: only "local"`);
    const named = flagString(args, 'name');
    if (args.operands.length > 1 || (named !== undefined && args.operands.length === 1 && args.operands[0] !== named)) {
      throw new UsageError('"volume create" takes at most one volume name', { hint: "see 'tscontain volume create --help'" });
    }
    const { layout } = await ctx.engine();
    const record = await createVolume(layout, named ?? args.operands[0], labels(flagList(args, 'label')));
    write(ctx.stdout, record.Name);
    return 0;
  },
};

export const volumeLsCommand: Command = {
  name: 'volume ls',
  aliases: ['volume list'],
  summary: 'List volumes',
  usage: 'tscontain volume ls [OPTIONS]',
  flags: [
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only display volume names' },
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table' (default) or 'json'" },
    { long: 'filter', short: 'f', kind: 'list', valueName: 'filter', description: 'Filter output (dangling=true|false, name=TEXT)' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const format = flagString(args, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`unsupported --format "${format}": use table or json`);
    const { layout } = await ctx.engine();
    await sweepVolumesOfRemovedContainers(layout);
    let volumes = await listVolumes(layout);
    const users = volumeUsers(await readAllRecords(layout));
    for (const f of flagList(args, 'filter')) {
      const [key, value = ''] = f.split(/=(.*)/s);
      if (key === 'dangling' && (value === 'true' || value === 'false')) volumes = volumes.filter((v) => users.has(v.Name) !== (value === 'true'));
      else if (key === 'name') volumes = volumes.filter((v) => v.Name.includes(value));
      else throw new UsageError(`invalid filter "${f}": use dangling=true|false or name=TEXT`);
    }
    if (flagBool(args, 'quiet')) {
      if (volumes.length) write(ctx.stdout, volumes.map((v) => v.Name).join('\n'));
    } else if (format === 'json') {
      for (const v of volumes) {
        write(ctx.stdout, JSON.stringify({ Driver: v.Driver, Labels: Object.entries(v.Labels).map(([k, x]) => `${k}=${x}`).join(','), Links: String(users.get(v.Name)?.length ?? 0), Mountpoint: v.Mountpoint, Name: v.Name, Scope: v.Scope }));
      }
    } else {
      ctx.stdout.write(formatColumns(['DRIVER', 'VOLUME NAME'], volumes.map((v) => [v.Driver, v.Name])));
    }
    return 0;
  },
};

export const volumeRmCommand: Command = {
  name: 'volume rm',
  aliases: ['volume remove'],
  summary: 'Remove one or more volumes',
  usage: 'tscontain volume rm [OPTIONS] VOLUME [VOLUME...]',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Do not fail on a missing volume (one in use is never removed)' }],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'volume rm');
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (name) => {
      await removeVolume(layout, name, flagBool(args, 'force'));
      return name;
    });
  },
};

export const volumeInspectCommand: Command = {
  name: 'volume inspect',
  summary: 'Display detailed information on one or more volumes',
  usage: 'tscontain volume inspect [-f FORMAT] VOLUME [VOLUME...]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: 'Format output using a Go template, or json' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'volume inspect');
    const { layout } = await ctx.engine();
    const out: unknown[] = [];
    let status = 0;
    for (const name of args.operands) {
      try {
        out.push(await getVolume(layout, name));
      } catch (err) {
        if (!(err instanceof VolumeError) || args.operands.length === 1) throw err;
        write(ctx.stderr, `Error: ${(err as TscontainError).userLine()}`);
        status = 1;
      }
    }
    ctx.stdout.write(renderInspect(flagString(args, 'format'), out));
    return status;
  },
};

export const volumePruneCommand: Command = {
  name: 'volume prune',
  summary: 'Remove unused local volumes',
  usage: 'tscontain volume prune [OPTIONS]',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Remove all unused volumes, not just anonymous ones' },
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const which = flagBool(args, 'all') ? 'all local volumes' : 'anonymous local volumes';
    if (!flagBool(args, 'force') && !(await confirm(process.stdin, ctx.stdout, `This will remove ${which} not used by at least one container.`))) return 0;
    const { layout } = await ctx.engine();
    await sweepVolumesOfRemovedContainers(layout);
    const result = await pruneVolumes(layout, flagBool(args, 'all'));
    if (result.deleted.length) write(ctx.stdout, `Deleted Volumes:\n${result.deleted.join('\n')}\n\n`);
    write(ctx.stdout, `Total reclaimed space: ${humanSize(result.reclaimed)}`);
    return 0;
  },
};
