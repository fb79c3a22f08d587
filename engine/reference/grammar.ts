// The distribution/reference grammar as regular expressions, one piece per
// constant so each can be read against the upstream definition. All are
// anchored; the parser applies them to pieces it has already split.

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const ipv6Address = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainName}|${ipv6Address})`;

/** `registry.example.com`, `localhost:5000`, `[fc00::1]:5000`. */
export const DOMAIN_AND_PORT = new RegExp(`^${host}(?::[0-9]+)?$`);

/** `library/alpine`, `a/b-c/d__e`: lowercase components separated by `/`. */
export const REMOTE_NAME = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);

/** Up to 128 characters, first one a word character. */
export const TAG = /^[\w][\w.-]{0,127}$/;

/** `algorithm:encoded` as the grammar allows it (go-digest then checks the algorithm). */
export const DIGEST_SYNTAX = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** A full image ID without its algorithm. */
export const IDENTIFIER = /^[a-f0-9]{64}$/;

/** distribution's NameTotalLengthMax: registry + repository. */
export const NAME_TOTAL_LENGTH_MAX = 255;

export const DEFAULT_REGISTRY = 'docker.io';
export const LEGACY_DEFAULT_REGISTRY = 'index.docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
