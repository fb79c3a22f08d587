// The images view's pane: what a container of this image starts with
// (entrypoint, cmd, user, working dir, env, ports), its platform, size and
// layers, and the containers made from it.
import { humanSize } from '../../format/units.js';
import { shortId } from '../../../engine/images/names.js';
import type { ImageDetail, ImageRow } from '../engine-port.js';
import { packFields, packList, printable, when, type Field, type PaneLine } from './pane-lines.js';

/** As a Dockerfile's exec form reads: ["nginx","-g","daemon off;"]; "-" when unset. */
function execForm(argv: readonly string[]): string {
  return argv.length === 0 ? '-' : JSON.stringify(argv);
}

export function imageLines(row: ImageRow, detail: ImageDetail | undefined, width: number, now: number): PaneLine[] {
  const name = row.tag === '<none>' ? row.repository : `${row.repository}:${row.tag}`;
  const title: PaneLine = [{ text: printable(name), tone: 'title' }, { text: ` ${shortId(row.id)}`, tone: 'dim' }];
  const fields: Field[] = [['Created', when(row.created, now)], ['Size', humanSize(row.size)]];
  if (!detail) return [title, ...packFields(fields, width), [{ text: 'loading…', tone: 'dim' }]];
  fields.push(
    ['Platform', detail.platform], ['Layers', String(detail.layers)], ['User', detail.user], ['Workdir', detail.workingDir],
    ['Entrypoint', execForm(detail.entrypoint)], ['Cmd', execForm(detail.cmd)],
  );
  return [
    title,
    ...packFields(fields, width),
    // Other names of the same image: removing one name keeps the image.
    ...(detail.tags.length > 1 ? packList('Tags', detail.tags, width) : []),
    ...packList('Ports', detail.exposedPorts, width),
    ...packList('Used by', detail.containers, width),
    ...packList('Env', detail.env, width),
  ];
}
