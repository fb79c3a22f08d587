// `push --all-tags REPO`: every local tag of one repository, one push after
// another in tag order, as Docker does. A name with a tag or digest is a
// usage error; a repository with no local tag is the same error a push of
// REPO:latest gives.
import { TscontainError, UsageError } from '../errors.js';
import { familiarRepository, formatReference, parseReference, repositoryName } from '../reference/reference.js';
import type { RegistryClient } from '../registry/client.js';
import { readNames } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { pushImage, type PushOptions, type PushResult } from './push-image.js';

/** The tags of `repository` (a full repository name) in the store, sorted. */
export async function localTags(layout: StoreLayout, repository: string): Promise<string[]> {
  const tags: string[] = [];
  for (const name of Object.keys(await readNames(layout))) {
    let ref;
    try {
      ref = parseReference(name);
    } catch {
      continue;
    }
    if (ref.tag !== undefined && ref.digest === undefined && repositoryName(ref) === repository) tags.push(ref.tag);
  }
  return tags.sort();
}

export async function pushAllTags(layout: StoreLayout, client: RegistryClient, input: string, opts: PushOptions = {}): Promise<PushResult[]> {
  const ref = parseReference(input);
  // parseReference defaults the tag to latest: look at what was written.
  if (input.slice(input.lastIndexOf('/') + 1).includes(':') || ref.digest !== undefined) {
    throw new UsageError(`tag can't be used with --all-tags/-a (${input})`, { hint: 'give the repository alone: tscontain push --all-tags NAME' });
  }
  const tags = await localTags(layout, repositoryName(ref));
  if (tags.length === 0) {
    const name = familiarRepository(ref);
    throw new TscontainError('IMAGE_NOT_FOUND', `An image does not exist locally with the tag: ${name}`, {
      hint: 'tag an image with this name first: tscontain tag SOURCE NAME[:TAG]',
      fields: { image: name },
    });
  }
  const results: PushResult[] = [];
  for (const tag of tags) results.push(await pushImage(layout, client, formatReference({ registry: ref.registry, repository: ref.repository, tag }), opts));
  return results;
}
