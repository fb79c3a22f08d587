// Rows for `images`: one per name, and one `<none>` row for nameless images.
import { listImages, readNames, namesOf } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { containersUsingImages } from './containers-using.js';
import { familiarNameOf, repositoryAndTag } from './names.js';

export interface ImageRow {
  id: string;
  repository: string;
  tag: string;
  digest: string;
  created: string | undefined;
  size: number;
  containers: string[];
}

/** `users`: image ID -> container names, when the caller has the records at hand (the dashboard does, every second). */
export async function imageRows(layout: StoreLayout, users?: ReadonlyMap<string, string[]>): Promise<ImageRow[]> {
  const [records, names, usedBy] = await Promise.all([listImages(layout), readNames(layout), users ?? containersUsingImages(layout)]);
  const rows: ImageRow[] = [];
  for (const record of records) {
    const digest = record.repoDigests[0]?.split('@')[1] ?? '<none>';
    const base = { id: record.id, digest, created: record.created, size: record.size, containers: usedBy.get(record.id) ?? [] };
    const tags = namesOf(names, record.id);
    if (tags.length === 0) {
      const repoDigest = record.repoDigests[0];
      const repository = repoDigest ? repositoryAndTag(familiarNameOf(repoDigest)).repository : '<none>';
      rows.push({ ...base, repository, tag: '<none>' });
    }
    for (const tag of tags) rows.push({ ...base, ...repositoryAndTag(tag) });
  }
  // Newest first, as Docker lists them.
  return rows.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '') || a.repository.localeCompare(b.repository));
}
