// Deletes layers and blobs that no image record and no live pull refers to.
// A layer's compressed blob goes with the layer. Callers hold the store lock.
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { listImages } from '../store/images.js';
import { getLayer, listLayers, removeLayer } from '../store/layers.js';
import { leasedLayers } from '../store/leases.js';
import type { StoreLayout } from '../store/layout.js';

export interface GarbageReport {
  layers: string[];
  blobs: string[];
}

export async function collectGarbage(layout: StoreLayout): Promise<GarbageReport> {
  const images = await listImages(layout);
  const leased = await leasedLayers(layout);
  const keepLayers = new Set(leased);
  const keepBlobs = new Set(leased);
  for (const image of images) {
    for (const layer of image.layers) {
      keepLayers.add(layer.chainId);
      if (layer.digest) keepBlobs.add(layer.digest);
    }
    for (const digest of [image.configDigest, image.manifestDigest, image.indexDigest]) if (digest) keepBlobs.add(digest);
  }
  // A kept layer keeps its compressed blob (push and save send it).
  for (const chainId of keepLayers) {
    const digest = (await getLayer(layout, chainId).catch(() => undefined))?.digest;
    if (digest) keepBlobs.add(digest);
  }
  const report: GarbageReport = { layers: [], blobs: [] };
  for (const chainId of await listLayers(layout)) {
    if (keepLayers.has(chainId)) continue;
    await removeLayer(layout, chainId);
    report.layers.push(chainId);
  }
  let blobNames: string[] = [];
  try {
    blobNames = await readdir(layout.blobsDir);
  } catch {
    blobNames = [];
  }
  for (const hex of blobNames) {
    const digest = `sha256:${hex}`;
    if (!/^[0-9a-f]{64}$/.test(hex) || keepBlobs.has(digest)) continue;
    await unlink(join(layout.blobsDir, hex)).catch(() => undefined);
    report.blobs.push(digest);
  }
  return report;
}
