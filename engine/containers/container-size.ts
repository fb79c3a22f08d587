// `ps -s`: a container's writable layer (its overlay upper dir) and, as
// Docker's "virtual" size, that plus its image's layers.
import { getImage } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { treeBytes } from '../volumes/volume-store.js';
import { ContainerPaths, type ContainerRecord } from './record.js';

export interface ContainerSize {
  rw: number;
  rootFs: number;
}

export async function containerSize(layout: StoreLayout, record: ContainerRecord): Promise<ContainerSize> {
  const [rw, image] = await Promise.all([
    treeBytes(new ContainerPaths(layout, record.config.id).upper),
    getImage(layout, record.config.image).catch(() => undefined),
  ]);
  return { rw, rootFs: rw + (image?.size ?? 0) };
}
