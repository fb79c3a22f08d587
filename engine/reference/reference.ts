// Image references with Docker's normalisation (distribution/reference's
// ParseNormalizedNamed): `alpine` -> docker.io/library/alpine:latest.
//
//   parseReference(input)  -> ImageReference, or InvalidReferenceError with a reason
//   formatReference(ref)   -> docker.io/library/alpine:latest (the stored form)
//   familiarName(ref)      -> alpine:latest (what Docker shows)
//   repositoryName(ref)    -> docker.io/library/alpine (no tag, no digest)
//   isImageIdLike(s)       -> 64 hex, sha256:hex or a hex prefix (callers decide)
//
// When a reference has both a tag and a digest, the digest wins: it is what
// gets fetched and verified; the tag is kept only for display.
import { InvalidReferenceError } from '../errors.js';
import { digestProblem } from './digest.js';
import {
  DEFAULT_REGISTRY, DEFAULT_TAG, DIGEST_SYNTAX, DOMAIN_AND_PORT, IDENTIFIER, LEGACY_DEFAULT_REGISTRY,
  NAME_TOTAL_LENGTH_MAX, OFFICIAL_REPO_PREFIX, REMOTE_NAME, TAG,
} from './grammar.js';

export interface ImageReference {
  /** 'docker.io', 'localhost:5000', '[fc00::1]:5000'. */
  registry: string;
  /** 'library/alpine'. */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseReference(input: string): ImageReference {
  const fail = (reason: string): never => {
    throw new InvalidReferenceError(input, reason);
  };
  if (input === '') fail('repository name must have at least one component');
  if (IDENTIFIER.test(input)) fail('cannot specify 64-byte hexadecimal strings (that is an image ID, not a name)');

  const { registry, remainder } = splitRegistry(input);
  const at = remainder.indexOf('@');
  const namePart = at >= 0 ? remainder.slice(0, at) : remainder;
  const digest = at >= 0 ? remainder.slice(at + 1) : undefined;
  const colon = namePart.indexOf(':');
  const repository = colon >= 0 ? namePart.slice(0, colon) : namePart;
  const tag = colon >= 0 ? namePart.slice(colon + 1) : undefined;

  if (repository.toLowerCase() !== repository) fail(`repository name (${repository}) must be lowercase`);
  if (!DOMAIN_AND_PORT.test(registry)) fail(`invalid registry host "${registry}"`);
  if (!REMOTE_NAME.test(repository)) fail(repositoryProblem(repository));
  if (registry.length + 1 + repository.length > NAME_TOTAL_LENGTH_MAX) {
    fail(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (tag !== undefined && !TAG.test(tag)) fail(`invalid tag "${tag}" (up to 128 of [A-Za-z0-9_.-], not starting with . or -)`);
  if (digest !== undefined) {
    if (!DIGEST_SYNTAX.test(digest)) fail(`invalid digest "${digest}"`);
    const problem = digestProblem(digest);
    if (problem) fail(problem);
  }
  const ref: ImageReference = { registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  if (tag === undefined && digest === undefined) ref.tag = DEFAULT_TAG;
  return ref;
}

/** Docker's splitDockerDomain: which part names the registry. */
function splitRegistry(input: string): { registry: string; remainder: string } {
  const slash = input.indexOf('/');
  if (slash < 0) return { registry: DEFAULT_REGISTRY, remainder: OFFICIAL_REPO_PREFIX + input };
  const first = input.slice(0, slash);
  const rest = input.slice(slash + 1);
  let registry: string;
  let remainder: string;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    registry = first === LEGACY_DEFAULT_REGISTRY ? DEFAULT_REGISTRY : first;
    remainder = rest;
  } else {
    registry = DEFAULT_REGISTRY;
    remainder = input;
  }
  if (registry === DEFAULT_REGISTRY && !remainder.split(/[:@]/, 1)[0]!.includes('/')) {
    remainder = OFFICIAL_REPO_PREFIX + remainder;
  }
  return { registry, remainder };
}

function repositoryProblem(repository: string): string {
  if (repository === '' || repository.split('/').some((c) => c === '')) return 'repository name has an empty path component';
  return `invalid repository name "${repository}" (lowercase letters, digits and single . _ __ or - separators)`;
}

/** The full form: docker.io/library/alpine:latest, name:tag@digest when both. */
export function formatReference(ref: ImageReference): string {
  return repositoryName(ref) + suffix(ref);
}

/** docker.io/library/alpine: the repository without tag or digest. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Docker's familiar form of the repository alone: alpine, user/x, localhost:5000/x. */
export function familiarRepository(ref: ImageReference): string {
  if (ref.registry !== DEFAULT_REGISTRY) return repositoryName(ref);
  if (ref.repository.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = ref.repository.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) return rest;
  }
  return ref.repository;
}

/** Docker's familiar form: alpine:latest, user/x:tag, localhost:5000/x:1. */
export function familiarName(ref: ImageReference): string {
  return familiarRepository(ref) + suffix(ref);
}

function suffix(ref: ImageReference): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/**
 * True for what could be an image ID: 64 hex, `sha256:` followed by 1-64 hex,
 * or a bare hex prefix. Short bare hex is also a valid name (`cafe`): callers
 * decide which wins.
 */
export function isImageIdLike(s: string): boolean {
  return /^(?:sha256:)?[a-f0-9]{1,64}$/.test(s);
}

/** A complete image ID: 64 hex, with or without `sha256:`. */
export function isFullImageId(s: string): boolean {
  return /^(?:sha256:)?[a-f0-9]{64}$/.test(s);
}
