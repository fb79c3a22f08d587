// `system prune` and `system df`, Docker's texts. Prune reuses each object
// type's own prune, in Docker's order: containers first (they free networks,
// images and volumes), then networks, volumes, images.
import { pruneContainers } from '../../../engine/containers/remove-container.js';
import { pruneImages } from '../../../engine/images/prune-images.js';
import { pruneNetworks } from '../../../engine/network/network-ops.js';
import { diskUsage, type UsageRow } from '../../../engine/system/disk-usage.js';
import { pruneVolumes } from '../../../engine/volumes/volume-ops.js';
import { renderList } from '../../format/list-format.js';
import { humanSize } from '../../format/units.js';
import { flagBool, flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { confirm } from '../prompt.js';

export function pruneWarning(all: boolean, volumes: boolean): string {
  return [
    'This will remove:',
    '  - all stopped containers',
    '  - all networks not used by at least one container',
    ...(volumes ? ['  - all anonymous volumes not used by at least one container'] : []),
    all ? '  - all images without at least one container associated to them' : '  - all dangling images',
    '',
  ].join('\n');
}

export const systemPruneCommand: Command = {
  name: 'system prune',
  summary: 'Remove unused data',
  usage: 'tscontain system prune [OPTIONS]',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Remove all unused images not just dangling ones' },
    { long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' },
    { long: 'volumes', kind: 'bool', description: 'Prune anonymous volumes' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const all = flagBool(args, 'all');
    const volumes = flagBool(args, 'volumes');
    if (!flagBool(args, 'force') && !(await confirm(process.stdin, ctx.stdout, pruneWarning(all, volumes)))) return 0;
    const { layout } = await ctx.engine();
    let reclaimed = 0;
    const containers = await pruneContainers(layout);
    reclaimed += containers.reclaimed;
    if (containers.deleted.length) write(ctx.stdout, `Deleted Containers:\n${containers.deleted.join('\n')}\n\n`);
    const networks = await pruneNetworks(layout);
    if (networks.length) write(ctx.stdout, `Deleted Networks:\n${networks.join('\n')}\n\n`);
    if (volumes) {
      const v = await pruneVolumes(layout, false);
      reclaimed += v.reclaimed;
      if (v.deleted.length) write(ctx.stdout, `Deleted Volumes:\n${v.deleted.join('\n')}\n\n`);
    }
    const images = await pruneImages(layout, { all, signal: ctx.signal });
    reclaimed += images.reclaimed;
    if (images.deleted.length) {
      const lines = [...images.untagged.map((n) => `untagged: ${n}`), ...images.deleted.map((id) => `deleted: ${id}`)];
      write(ctx.stdout, `Deleted Images:\n${lines.join('\n')}\n\n`);
    }
    write(ctx.stdout, `Total reclaimed space: ${humanSize(reclaimed)}`);
    return 0;
  },
};

/** Docker's RECLAIMABLE cell: size, and its share of the total when there is one. */
export function reclaimableText(row: UsageRow): string {
  return row.size > 0 ? `${humanSize(row.reclaimable)} (${Math.floor((row.reclaimable * 100) / row.size)}%)` : humanSize(row.reclaimable);
}

function dfFields(row: UsageRow): Record<string, string> {
  return { Type: row.type, TotalCount: String(row.total), Active: String(row.active), Size: humanSize(row.size), Reclaimable: reclaimableText(row) };
}

export const systemDfCommand: Command = {
  name: 'system df',
  summary: 'Show disk usage',
  usage: 'tscontain system df [OPTIONS]',
  flags: [
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table', 'table TEMPLATE', 'json' or a Go template" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const { layout } = await ctx.engine();
    const rows = await diskUsage(layout);
    ctx.stdout.write(renderList(flagString(args, 'format'), rows, {
      fields: dfFields,
      headers: { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' },
      table: (list) => ({
        header: ['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'],
        cells: list.map((r) => Object.values(dfFields(r))),
      }),
    }));
    return 0;
  },
};
