// `image prune` semantics for `system prune`: dangling images (no tag), or
// with `all` every image no container is built on; then the layers and blobs
// nothing needs any more.
import { deleteImage, listImages, readNames, writeNames, namesOf } from '../store/images.js';
import { getLayer } from '../store/layers.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { collectGarbage } from './collect-garbage.js';
import { containersUsingImages } from './containers-using.js';
import { familiarNameOf } from './names.js';

export interface ImagePruneResult {
  /** Docker's "untagged: NAME" and "deleted: ID" lines, in order. */
  untagged: string[];
  deleted: string[];
  /** Bytes of the unpacked layers that went. */
  reclaimed: number;
}

export async function pruneImages(layout: StoreLayout, opts: { all?: boolean; signal?: AbortSignal } = {}): Promise<ImagePruneResult> {
  return withStoreLock(layout.root, async () => {
    const [images, names, users] = await Promise.all([listImages(layout), readNames(layout), containersUsingImages(layout)]);
    const result: ImagePruneResult = { untagged: [], deleted: [], reclaimed: 0 };
    const layerSizes = new Map<string, number>();
    let namesChanged = false;
    for (const image of images) {
      const tags = namesOf(names, image.id);
      if (users.has(image.id) || (!opts.all && tags.length > 0)) continue;
      for (const tag of tags) {
        delete names[tag];
        namesChanged = true;
        result.untagged.push(familiarNameOf(tag));
      }
      for (const digest of image.repoDigests) result.untagged.push(familiarNameOf(digest));
      for (const layer of image.layers) layerSizes.set(layer.chainId, (await getLayer(layout, layer.chainId))?.size ?? 0);
      result.deleted.push(image.id);
    }
    // Names first: an image is never left named but without its record.
    if (namesChanged) await writeNames(layout, names);
    for (const id of result.deleted) await deleteImage(layout, id);
    if (result.deleted.length === 0) return result;
    const garbage = await collectGarbage(layout);
    for (const chainId of garbage.layers) {
      result.reclaimed += layerSizes.get(chainId) ?? 0;
      result.deleted.push(chainId);
    }
    return result;
  }, { signal: opts.signal });
}
