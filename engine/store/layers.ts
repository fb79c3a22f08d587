// Unpacked layers, one directory per chain ID, shared by every image that has
// it. A layer exists only once its directory has been renamed into place with
// its record inside, so a half-applied layer is never visible.
import { readdir, rename } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fromSystemError, StoreError } from '../errors.js';
import { readJsonIfExists, writeFileAtomic } from './atomic.js';
import { makeTmpDir, removeTree } from './tmp.js';
import type { StoreLayout } from './layout.js';

export interface LayerRecord {
  chainId: string;
  diffId: string;
  parent: string | undefined;
  /** Bytes of the uncompressed layer tar. */
  size: number;
  /** The compressed blob it came from, when pulled. */
  digest: string | undefined;
  mediaType: string | undefined;
  createdAt: string;
  /**
   * Directories of diff/ (relative, '' = its root) marked opaque, as the
   * helper reported when it applied the layer: reading the container's
   * /etc needs no xattr reads. Absent in records older than the field.
   */
  opaqueDirs?: string[];
}

/** OCI chain IDs: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) out.push(childChainId(out[out.length - 1], diffId));
  return out;
}

/** The chain ID of a layer with this diff_id on top of `parent` (undefined: the first layer). */
export function childChainId(parent: string | undefined, diffId: string): string {
  return parent === undefined ? diffId : `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`;
}

export async function getLayer(layout: StoreLayout, chainId: string): Promise<LayerRecord | undefined> {
  return readJsonIfExists<LayerRecord>(layout.layerRecordPath(chainId));
}

export async function listLayers(layout: StoreLayout): Promise<string[]> {
  try {
    return (await readdir(layout.layersDir)).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => `sha256:${n}`);
  } catch (err) {
    throw fromSystemError(err, 'listing layers');
  }
}

/**
 * Moves a fully applied scratch directory (holding `diff/`) into place.
 * Returns false when another process committed the same layer first.
 */
export async function commitLayer(layout: StoreLayout, scratch: string, record: LayerRecord): Promise<boolean> {
  await writeFileAtomic(join(scratch, 'layer.json'), JSON.stringify(record, null, 2));
  try {
    await rename(scratch, layout.layerDir(record.chainId));
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      await removeTree(scratch);
      return false;
    }
    throw fromSystemError(err, `committing layer ${record.chainId}`);
  }
}

/** Takes a layer out of view atomically, then deletes it. */
export async function removeLayer(layout: StoreLayout, chainId: string): Promise<void> {
  const trash = await makeTmpDir(layout, 'trash');
  try {
    await rename(layout.layerDir(chainId), join(trash, 'layer'));
  } catch (err) {
    await removeTree(trash);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreError('STORE_IO', `removing layer ${chainId}: ${(err as Error).message}`, { cause: err });
  }
  await removeTree(trash);
}
