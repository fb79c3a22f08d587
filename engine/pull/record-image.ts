// The last step of a pull: under the store lock, check every layer is in
// place, then write the image record and point the name at it.
import { repositoryName, formatReference, type ImageReference } from '../reference/reference.js';
import type { ResolvedImage } from '../registry/client.js';
import { StoreError } from '../errors.js';
import { getImage, putImage, readNames, writeNames, type ImageRecord } from '../store/images.js';
import { getLayer } from '../store/layers.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';

export async function recordImage(
  layout: StoreLayout,
  resolved: ResolvedImage,
  ref: ImageReference,
  chains: string[],
  signal: AbortSignal | undefined,
): Promise<ImageRecord> {
  return withStoreLock(layout.root, async () => {
    const layers = [];
    for (let i = 0; i < chains.length; i++) {
      const layer = await getLayer(layout, chains[i]!);
      if (!layer) throw new StoreError('STORE_CORRUPT', `layer ${chains[i]} vanished during the pull`, { hint: 'pull again' });
      const descriptor = resolved.layers[i]!;
      layers.push({ chainId: layer.chainId, diffId: layer.diffId, digest: descriptor.digest, mediaType: descriptor.mediaType, size: layer.size });
    }
    const id = resolved.configDigest;
    const repoDigest = `${repositoryName(ref)}@${resolved.indexDigest ?? resolved.manifestDigest}`;
    const previous = await getImage(layout, id);
    const record: ImageRecord = {
      id,
      configDigest: resolved.configDigest,
      manifestDigest: resolved.manifestDigest,
      manifestMediaType: resolved.manifestMediaType,
      indexDigest: resolved.indexDigest,
      repoDigests: [repoDigest, ...(previous?.repoDigests ?? []).filter((d) => d !== repoDigest)],
      layers,
      os: resolved.platform.os,
      architecture: resolved.platform.architecture,
      variant: resolved.platform.variant,
      created: resolved.config.created,
      storedAt: previous?.storedAt ?? new Date().toISOString(),
      size: layers.reduce((sum, l) => sum + l.size, 0),
    };
    await putImage(layout, record);
    if (ref.tag !== undefined && ref.digest === undefined) {
      const names = await readNames(layout);
      names[formatReference(ref)] = id;
      await writeNames(layout, names);
    }
    return record;
  }, { signal });
}
