// `system df`: what images, containers and volumes hold on disk, and what a
// prune could give back. Layers shared by images count once.
import { loadContainers } from '../containers/lookup.js';
import { ContainerPaths } from '../containers/record.js';
import { listImages } from '../store/images.js';
import { getLayer } from '../store/layers.js';
import type { StoreLayout } from '../store/layout.js';
import { volumeUsers } from '../volumes/volume-ops.js';
import { listVolumes, treeBytes, volumeDataDir } from '../volumes/volume-store.js';

export interface UsageRow {
  type: 'Images' | 'Containers' | 'Local Volumes';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

export async function diskUsage(layout: StoreLayout): Promise<UsageRow[]> {
  const [images, containers, volumes] = await Promise.all([listImages(layout), loadContainers(layout), listVolumes(layout).catch(() => [])]);

  const usedImages = new Set(containers.map((c) => c.config.image));
  const layerSize = new Map<string, number>();
  const activeLayers = new Set<string>();
  for (const image of images) {
    for (const layer of image.layers) {
      if (!layerSize.has(layer.chainId)) layerSize.set(layer.chainId, (await getLayer(layout, layer.chainId))?.size ?? layer.size);
      if (usedImages.has(image.id)) activeLayers.add(layer.chainId);
    }
  }
  const imageBytes = [...layerSize.values()].reduce((a, b) => a + b, 0);
  const activeBytes = [...activeLayers].reduce((a, id) => a + (layerSize.get(id) ?? 0), 0);

  let containerBytes = 0;
  let stoppedBytes = 0;
  for (const c of containers) {
    const size = await treeBytes(new ContainerPaths(layout, c.config.id).upper);
    containerBytes += size;
    if (c.state.status !== 'running') stoppedBytes += size;
  }

  const users = volumeUsers(containers);
  let volumeBytes = 0;
  let unusedVolumeBytes = 0;
  for (const v of volumes) {
    const size = await treeBytes(volumeDataDir(layout, v.Name));
    volumeBytes += size;
    if (!users.has(v.Name)) unusedVolumeBytes += size;
  }

  return [
    { type: 'Images', total: images.length, active: images.filter((i) => usedImages.has(i.id)).length, size: imageBytes, reclaimable: imageBytes - activeBytes },
    { type: 'Containers', total: containers.length, active: containers.filter((c) => c.state.status === 'running').length, size: containerBytes, reclaimable: stoppedBytes },
    { type: 'Local Volumes', total: volumes.length, active: volumes.filter((v) => users.has(v.Name)).length, size: volumeBytes, reclaimable: unusedVolumeBytes },
  ];
}
