// `tag SOURCE TARGET`: another name for a stored image.
import { parseReference, formatReference } from '../reference/reference.js';
import { UsageError } from '../errors.js';
import { readNames, writeNames } from '../store/images.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { findImage } from './find-image.js';

export async function tagImage(layout: StoreLayout, source: string, target: string, signal?: AbortSignal): Promise<string> {
  const ref = parseReference(target);
  if (ref.digest) throw new UsageError(`refusing to create a tag with a digest reference: ${target}`);
  return withStoreLock(layout.root, async () => {
    const names = await readNames(layout);
    const { record } = await findImage(layout, source, names);
    const name = formatReference(ref);
    names[name] = record.id;
    await writeNames(layout, names);
    return name;
  }, { signal });
}
