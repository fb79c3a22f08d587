// `export`: the container's merged filesystem (image layers + its upper dir,
// whiteouts applied) as one plain tar, read from the store without mounting.
import type { Readable } from 'node:stream';
import { walkMerged } from '../archive/merged-walker.js';
import { tarStream } from '../archive/tar-pack.js';
import type { StoreLayout } from '../store/layout.js';
import { findContainer } from './lookup.js';
import { containerLayerDirs } from './file-layers.js';

export async function exportContainer(layout: StoreLayout, input: string, signal?: AbortSignal): Promise<Readable> {
  const { config } = await findContainer(layout, input);
  return tarStream(walkMerged(containerLayerDirs(layout, config), signal), signal);
}
