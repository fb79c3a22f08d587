import { loadContainers } from '../../../engine/containers/lookup.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';
import { filterContainers, filtersImplyAll, parseContainerFilters } from '../../../engine/containers/filter-containers.js';
import { findImage } from '../../../engine/images/find-image.js';
import { readImageConfig } from '../../../engine/images/inspect-image.js';
import { getImage, readNames } from '../../../engine/store/images.js';
import type { StoreLayout } from '../../../engine/store/layout.js';
import { renderList } from '../../format/list-format.js';
import { humanDuration, timeAgo } from '../../format/units.js';
import { flagBool, flagList, flagString } from '../args.js';
import { write, type Command } from '../command.js';
import { listNetworksSync, networkNames, portsColumn } from '../../../engine/network/inspect-settings.js';
import type { NetworkRecord } from '../../../engine/network/records.js';
import { containerSizes, lastCount, sizeText } from './ps-extras.js';

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

/** Docker's ps placeholders for one container (also the --format json object). */
function psFields(layout: StoreLayout, r: ContainerRecord, noTrunc: boolean, labels: Record<string, string>, size: string, networks: string[]): Record<string, unknown> {
  const labelText = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
  return {
    Command: commandColumn(r, !noTrunc),
    CreatedAt: r.config.created,
    ID: noTrunc ? r.config.id : r.config.id.slice(0, 12),
    Image: r.config.imageName,
    Labels: labelText,
    Label: (key: unknown) => labels[String(key)] ?? '',
    LocalVolumes: '0',
    Mounts: '',
    Names: r.config.name,
    Networks: networks.join(','),
    Ports: portsColumn(layout, r),
    RunningFor: timeAgo(r.config.created),
    Size: size,
    State: r.state.status === 'running' && r.state.paused ? 'paused' : r.state.status,
    Status: statusText(r),
  };
}

const PS_HEADERS: Record<string, string> = {
  Command: 'COMMAND', CreatedAt: 'CREATED AT', ID: 'CONTAINER ID', Image: 'IMAGE', Labels: 'LABELS', Label: 'LABEL',
  LocalVolumes: 'LOCAL VOLUMES', Mounts: 'MOUNTS', Names: 'NAMES', Networks: 'NETWORKS', Ports: 'PORTS',
  RunningFor: 'CREATED', Size: 'SIZE', State: 'STATE', Status: 'STATUS',
};

/** The container's labels; records older than --label had only the image's, read once per image. */
function labelReader(layout: StoreLayout): (r: ContainerRecord) => Promise<Record<string, string>> {
  const cache = new Map<string, Promise<Record<string, string>>>();
  return (r) => {
    if (r.config.labels) return Promise.resolve(r.config.labels);
    let labels = cache.get(r.config.image);
    if (!labels) {
      labels = getImage(layout, r.config.image.replace(/^sha256:/, ''))
        .then((img) => (img ? readImageConfig(layout, img) : undefined))
        .then((c) => (c?.config?.Labels ?? {}) as Record<string, string>)
        .catch(() => ({}));
      cache.set(r.config.image, labels);
    }
    return labels;
  };
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
    { long: 'filter', short: 'f', kind: 'list', valueName: 'filter', description: 'Filter output based on conditions provided (id, name, label, ancestor, status, exited, network)' },
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table', 'table TEMPLATE', 'json' or a Go template" },
    { long: 'last', short: 'n', kind: 'string', valueName: 'int', description: 'Show n last created containers (includes all states)' },
    { long: 'latest', short: 'l', kind: 'bool', description: 'Show the latest created container (includes all states)' },
    { long: 'size', short: 's', kind: 'bool', description: 'Display total file sizes' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const format = flagString(args, 'format');
    const last = lastCount(args);
    const filters = parseContainerFilters(flagList(args, 'filter'));
    const noTrunc = flagBool(args, 'no-trunc');
    const { layout } = await ctx.engine();
    const all = flagBool(args, 'all') || filtersImplyAll(filters) || last !== undefined;
    const labels = labelReader(layout);
    const names = await readNames(layout).catch(() => ({}));
    // Read once for the whole listing, and only when a filter or the format asks for them.
    let networkList: NetworkRecord[] | undefined;
    const networksOf = (r: ContainerRecord) => networkNames(layout, r, (networkList ??= listNetworksSync(layout)));
    let rows = (await loadContainers(layout)).filter((r) => all || r.state.status === 'running');
    rows = await filterContainers(rows, filters, {
      labels,
      networks: networksOf,
      imageId: (ref) => findImage(layout, ref, names).then((f) => f.record.id, () => undefined),
    });
    // Docker: a limit of 0 lists every container (of all states).
    if (last) rows = rows.slice(0, last);
    if (flagBool(args, 'quiet')) {
      if (rows.length) write(ctx.stdout, rows.map((r) => (noTrunc ? r.config.id : r.config.id.slice(0, 12))).join('\n'));
      return 0;
    }
    const withSize = flagBool(args, 'size') || (format ?? '').includes('.Size');
    const sizes = withSize ? await containerSizes(layout, rows) : undefined;
    const withLabels = await Promise.all(rows.map(async (r) => ({ r, labels: await labels(r) })));
    ctx.stdout.write(renderList(format, withLabels, {
      fields: ({ r, labels: l }) => psFields(layout, r, noTrunc, l, sizeText(sizes?.get(r.config.id)), networksOf(r)),
      headers: PS_HEADERS,
      table: (list) => ({
        header: ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES', ...(flagBool(args, 'size') ? ['SIZE'] : [])],
        cells: list.map(({ r }) => [noTrunc ? r.config.id : r.config.id.slice(0, 12), r.config.imageName, commandColumn(r, !noTrunc), timeAgo(r.config.created), statusText(r), portsColumn(layout, r), r.config.name, ...(flagBool(args, 'size') ? [sizeText(sizes?.get(r.config.id))] : [])]),
      }),
    }));
    return 0;
  },
};
