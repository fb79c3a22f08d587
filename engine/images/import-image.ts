// `import`: a root filesystem tarball (plain, gzip or zstd, told apart by
// its first bytes) becomes a one-layer image. This is how a machine without
// a registry gets its first image.
import type { Readable } from 'node:stream';
import { spoolLayerInput } from '../layers/layer-blob.js';
import { makeLayer } from '../layers/make-layer.js';
import { releaseLease } from '../store/leases.js';
import { makeTmpDir, removeTree } from '../store/tmp.js';
import type { ImageRecord } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { hostPlatform, type Platform } from '../reference/platform.js';
import type { ImageConfig } from '../registry/image-config.js';
import { applyChanges } from './change-instructions.js';
import { recordLocalImage, targetName } from './local-image.js';

export interface ImportOptions {
  source: Readable;
  /** What the user named ("-" for stdin), for the history entry. */
  sourceName: string;
  reference?: string;
  message?: string;
  changes?: string[];
  platform?: Platform;
  signal?: AbortSignal;
  onEvent?: (event: ImportEvent) => void;
}

export type ImportEvent =
  | { type: 'spooled'; digest: string; size: number }
  | { type: 'imported'; imageId: string; name: string | undefined };

export async function importImage(layout: StoreLayout, opts: ImportOptions): Promise<ImageRecord> {
  const emit = opts.onEvent ?? (() => undefined);
  const name = opts.reference === undefined ? undefined : targetName(opts.reference);
  const changed = applyChanges({}, opts.changes ?? []);
  await layout.ensure();
  const scratch = await makeTmpDir(layout, 'import');
  try {
    const blob = await spoolLayerInput(opts.source, scratch, opts.signal);
    emit({ type: 'spooled', digest: blob.digest, size: blob.size });
    const made = await makeLayer(layout, blob, [], { what: `the tarball ${opts.sourceName}`, signal: opts.signal });
    try {
      const platform = opts.platform ?? hostPlatform();
      const now = new Date().toISOString();
      const config: ImageConfig = {
        architecture: platform.architecture,
        ...(platform.variant ? { variant: platform.variant } : {}),
        os: platform.os,
        created: now,
        config: changed,
        rootfs: { type: 'layers', diff_ids: [made.record.diffId] },
        // Docker's import: the image's comment is the message, or where it came from.
        comment: opts.message ?? `Imported from ${opts.sourceName}`,
        history: [{ created: now, comment: opts.message ?? `Imported from ${opts.sourceName}` }],
      };
      const record = await recordLocalImage(layout, {
        configBytes: Buffer.from(JSON.stringify(config)),
        config,
        layers: [{
          chainId: made.record.chainId, diffId: made.record.diffId, size: made.record.size,
          blob: { digest: blob.digest, mediaType: blob.mediaType, size: blob.size },
        }],
        names: name ? [name] : [],
      }, opts.signal);
      emit({ type: 'imported', imageId: record.id, name });
      return record;
    } finally {
      await releaseLease(made.lease);
    }
  } finally {
    await removeTree(scratch);
  }
}
