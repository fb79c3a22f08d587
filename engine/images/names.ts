// Display forms of stored names: the name table keeps full references
// (docker.io/library/alpine:latest); users see Docker's short ones (alpine:latest).
import { parseReference, familiarName } from '../reference/reference.js';

export function familiarNameOf(full: string): string {
  try {
    return familiarName(parseReference(full));
  } catch {
    return full;
  }
}

/** Splits a familiar name into Docker's REPOSITORY and TAG columns. */
export function repositoryAndTag(full: string): { repository: string; tag: string } {
  const familiar = familiarNameOf(full);
  const at = familiar.indexOf('@');
  if (at >= 0) return { repository: familiar.slice(0, at), tag: '<none>' };
  const colon = familiar.lastIndexOf(':');
  const slash = familiar.lastIndexOf('/');
  if (colon > slash) return { repository: familiar.slice(0, colon), tag: familiar.slice(colon + 1) };
  return { repository: familiar, tag: '<none>' };
}

/** The 12-hex form Docker shows for IDs. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
