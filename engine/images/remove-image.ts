// `rmi`: untag, and delete an image once nothing names it; then collect the
// layers and blobs no image uses any more.
import { TscontainError, ImageInUseError } from '../errors.js';
import { familiarNameOf, shortId } from './names.js';
import { deleteImage, readNames, writeNames, namesOf } from '../store/images.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { findImage } from './find-image.js';
import { containersUsingImages } from './containers-using.js';
import { collectGarbage } from './collect-garbage.js';

export interface RemoveImageResult {
  untagged: string[];
  deleted: string[];
}

export async function removeImage(
  layout: StoreLayout,
  input: string,
  opts: { force?: boolean; signal?: AbortSignal } = {},
): Promise<RemoveImageResult> {
  return withStoreLock(layout.root, async () => {
    const names = await readNames(layout);
    const { record, name } = await findImage(layout, input, names);
    const tags = namesOf(names, record.id);
    const users = (await containersUsingImages(layout)).get(record.id) ?? [];
    const result: RemoveImageResult = { untagged: [], deleted: [] };

    // By name with other names left: only that name goes (Docker's behaviour).
    if (name !== undefined && tags.length > 1) {
      delete names[name];
      await writeNames(layout, names);
      result.untagged.push(familiarNameOf(name));
      return result;
    }
    if (name === undefined && tags.length > 1 && !opts.force) {
      throw new TscontainError('IMAGE_CONFLICT', `unable to delete ${shortId(record.id)}: image is referenced in multiple repositories`, {
        hint: 'remove it by name, or use -f',
        fields: { image: record.id },
      });
    }
    if (users.length > 0 && !opts.force) throw new ImageInUseError(name ? familiarNameOf(name) : shortId(record.id), users);

    for (const tag of tags) {
      delete names[tag];
      result.untagged.push(familiarNameOf(tag));
    }
    await writeNames(layout, names);
    for (const digest of record.repoDigests) result.untagged.push(familiarNameOf(digest));
    // A forced removal keeps the record of an image a container still runs
    // on, nameless, as Docker does, so the container's layers stay valid.
    if (users.length === 0) {
      await deleteImage(layout, record.id);
      result.deleted.push(record.id);
      await collectGarbage(layout);
    }
    return result;
  }, { signal: opts.signal });
}
