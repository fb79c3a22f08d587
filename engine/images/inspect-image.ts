// `image inspect`: Docker's shape, built from the record and the stored config.
import { getBlob } from '../store/blobs.js';
import { readNames, namesOf, type ImageRecord } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { familiarNameOf } from './names.js';
import { findImage } from './find-image.js';

export interface ImageConfigFile {
  created?: string;
  author?: string;
  comment?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config?: Record<string, unknown>;
  rootfs?: { type: string; diff_ids: string[] };
  history?: unknown[];
}

export async function readImageConfig(layout: StoreLayout, record: ImageRecord): Promise<ImageConfigFile> {
  return JSON.parse((await getBlob(layout, record.configDigest)).toString('utf8')) as ImageConfigFile;
}

export async function inspectImage(layout: StoreLayout, input: string): Promise<Record<string, unknown>> {
  const names = await readNames(layout);
  const { record } = await findImage(layout, input, names);
  const config = await readImageConfig(layout, record);
  return {
    Id: record.id,
    RepoTags: namesOf(names, record.id).map(familiarNameOf),
    RepoDigests: record.repoDigests.map(familiarNameOf),
    Comment: typeof config.comment === 'string' ? config.comment : '',
    Created: config.created ?? '',
    Author: typeof config.author === 'string' ? config.author : '',
    Config: config.config ?? {},
    Architecture: record.architecture,
    Variant: record.variant,
    Os: record.os,
    Size: record.size,
    RootFS: { Type: 'layers', Layers: record.layers.map((l) => l.diffId) },
    Metadata: { LastTagTime: record.storedAt },
    Descriptor: { mediaType: record.manifestMediaType, digest: record.manifestDigest },
    History: config.history ?? [],
  };
}
