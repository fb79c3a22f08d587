// Which containers are built on an image. Container records live in
// containers/<id>/config.json and name their image by ID.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonIfExists } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';

interface ContainerImageRef {
  id: string;
  name?: string;
  image: string;
}

export async function containersUsingImages(layout: StoreLayout): Promise<Map<string, string[]>> {
  const byImage = new Map<string, string[]>();
  let entries: string[];
  try {
    entries = await readdir(layout.containersDir);
  } catch {
    return byImage;
  }
  for (const entry of entries) {
    const record = await readJsonIfExists<ContainerImageRef>(join(layout.containersDir, entry, 'config.json')).catch(() => undefined);
    if (!record?.image) continue;
    const list = byImage.get(record.image) ?? [];
    list.push(record.name ?? record.id.slice(0, 12));
    byImage.set(record.image, list);
  }
  return byImage;
}
