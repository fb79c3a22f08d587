import { imageRows, type ImageRow } from '../../../engine/images/list-images.js';
import { filterImageRows, parseImageFilters } from '../../../engine/images/filter-images.js';
import { findImage } from '../../../engine/images/find-image.js';
import { readImageConfig } from '../../../engine/images/inspect-image.js';
import { getImage } from '../../../engine/store/images.js';
import type { StoreLayout } from '../../../engine/store/layout.js';
import { shortId } from '../../../engine/images/names.js';
import { renderList } from '../../format/list-format.js';
import { humanSize, timeAgo } from '../../format/units.js';
import { flagList, flagString, type ParsedArgs } from '../args.js';
import { write, type Command } from '../command.js';

export const imagesCommand: Command = {
  name: 'images',
  aliases: ['image ls', 'image list'],
  summary: 'List images',
  usage: 'tscontain images [OPTIONS] [REPOSITORY[:TAG]]',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', description: 'Show all images (default hides intermediate images)' },
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only show image IDs' },
    { long: 'digests', kind: 'bool', description: 'Show digests' },
    { long: 'filter', short: 'f', kind: 'list', valueName: 'filter', description: 'Filter output based on conditions provided (dangling, reference, label, before, since)' },
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table', 'table TEMPLATE', 'json' or a Go template" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const format = flagString(args, 'format');
    const filters = parseImageFilters(flagList(args, 'filter'));
    const engine = await ctx.engine();
    const rows = await filterImageRows(filterRows(await imageRows(engine.layout), args), filters, imageFacts(engine.layout));
    if (args.flags.quiet) {
      const ids = [...new Set(rows.map((r) => shortId(r.id)))];
      if (ids.length) write(ctx.stdout, ids.join('\n'));
      return 0;
    }
    const digests = args.flags.digests === true;
    ctx.stdout.write(renderList(format, rows, {
      fields: jsonRow,
      headers: IMAGE_HEADERS,
      table: (list) => ({
        header: ['REPOSITORY', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'],
        cells: list.map((r) => [r.repository, r.tag, ...(digests ? [r.digest] : []), shortId(r.id), timeAgo(r.created), humanSize(r.size)]),
      }),
    }));
    return 0;
  },
};

function imageFacts(layout: StoreLayout): Parameters<typeof filterImageRows>[2] {
  return {
    labels: async (row) => {
      const record = await getImage(layout, row.id);
      return ((record ? (await readImageConfig(layout, record)).config?.Labels : undefined) ?? {}) as Record<string, string>;
    },
    createdOf: async (image) => (await findImage(layout, image)).record.created,
  };
}

function filterRows(rows: ImageRow[], args: ParsedArgs): ImageRow[] {
  const wanted = args.operands[0];
  if (!wanted) return rows;
  const [repo, tag] = wanted.includes(':') && !wanted.endsWith(']') ? splitTag(wanted) : [wanted, undefined];
  return rows.filter((r) => r.repository === repo && (tag === undefined || r.tag === tag));
}

function splitTag(name: string): [string, string | undefined] {
  const colon = name.lastIndexOf(':');
  return name.lastIndexOf('/') > colon ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
}

const IMAGE_HEADERS: Record<string, string> = {
  Containers: 'CONTAINERS', CreatedAt: 'CREATED AT', CreatedSince: 'CREATED', Digest: 'DIGEST', ID: 'IMAGE ID',
  Repository: 'REPOSITORY', Size: 'SIZE', Tag: 'TAG', VirtualSize: 'SIZE',
};

function jsonRow(r: ImageRow): Record<string, string | number> {
  return {
    Containers: r.containers.length,
    CreatedAt: r.created ?? '',
    CreatedSince: timeAgo(r.created),
    Digest: r.digest,
    ID: shortId(r.id),
    Repository: r.repository,
    Size: humanSize(r.size),
    Tag: r.tag,
    VirtualSize: humanSize(r.size),
  };
}
