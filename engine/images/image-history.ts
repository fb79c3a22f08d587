// `history`: the image config's history entries, newest first, each paired
// with the layer it made (entries marked empty_layer made none), as Docker's
// image history endpoint returns them.
import { getLayer } from '../store/layers.js';
import { readNames, namesOf } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import type { HistoryEntry } from '../registry/image-config.js';
import { findImage } from './find-image.js';
import { familiarNameOf } from './names.js';
import { readImageConfig } from './inspect-image.js';

export interface HistoryRow {
  /** The image ID on the newest row; undefined (Docker's `<missing>`) below it. */
  id: string | undefined;
  created: string | undefined;
  createdBy: string;
  /** Uncompressed bytes of the layer the step made; 0 for empty layers. */
  size: number;
  comment: string;
  /** The image's names, on the newest row only. */
  tags: string[];
}

/**
 * Pairs history entries with layers from the bottom up. An image without
 * history (or with fewer non-empty entries than layers) still lists every
 * layer, on rows of its own.
 */
export function pairHistory(history: readonly HistoryEntry[], layerSizes: readonly number[], imageCreated: string | undefined): Omit<HistoryRow, 'id' | 'tags'>[] {
  const rows: Omit<HistoryRow, 'id' | 'tags'>[] = [];
  let layer = 0;
  for (const h of history) {
    const empty = h.empty_layer === true || layer >= layerSizes.length;
    rows.push({
      created: h.created,
      createdBy: h.created_by ?? '',
      size: empty ? 0 : layerSizes[layer]!,
      comment: h.comment ?? '',
    });
    if (!empty) layer++;
  }
  for (; layer < layerSizes.length; layer++) rows.push({ created: imageCreated, createdBy: '', size: layerSizes[layer]!, comment: '' });
  return rows.reverse();
}

export async function imageHistory(layout: StoreLayout, input: string): Promise<HistoryRow[]> {
  const names = await readNames(layout);
  const { record } = await findImage(layout, input, names);
  const config = await readImageConfig(layout, record);
  const sizes = await Promise.all(record.layers.map(async (l) => (await getLayer(layout, l.chainId))?.size ?? 0));
  const rows = pairHistory((config.history ?? []) as HistoryEntry[], sizes, config.created ?? record.created);
  const tags = namesOf(names, record.id).map(familiarNameOf);
  return rows.map((r, i) => ({ ...r, id: i === 0 ? record.id : undefined, tags: i === 0 ? tags : [] }));
}
