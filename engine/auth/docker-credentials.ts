// Registry credentials from a file in Docker's config.json format
// ({"auths": {"host": {"auth": base64("user:password")}}}), so logins made with
// `docker login` work here too; `tscontain login` writes the same format
// (engine/auth/save-credentials.ts). As in Docker, `credHelpers` (per host)
// and then `credsStore` name a credential helper asked first; the file's own
// entry is the fallback when the helper has nothing for the host.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { helperGet, type HelperRef } from './credential-helpers.js';

export interface Credentials {
  username: string;
  password: string;
  /** An OAuth refresh token (Docker's identity token) used instead of the password. */
  identityToken?: string;
}

type AuthEntry = { auth?: string; username?: string; password?: string; identitytoken?: string };

export interface CredentialsFile {
  auths: Record<string, AuthEntry>;
  credsStore: string | undefined;
  credHelpers: Record<string, string>;
}

export type CredentialLookup = (registry: string) => Credentials | undefined;

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TSCONTAIN_AUTH_CONFIG) return env.TSCONTAIN_AUTH_CONFIG;
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/** Docker Hub's credentials are stored under its historical index URL (the first key). */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

export function readCredentialsFile(file = credentialsFile()): CredentialsFile {
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(file, `cannot read credentials: ${(err as Error).message}`, { cause: err });
    }
  }
  return credentialsConfig(parsed as Record<string, unknown>, file);
}

/** The parts of an already parsed config.json that name credentials and helpers, checked. */
export function credentialsConfig(parsed: { auths?: unknown; credsStore?: unknown; credHelpers?: unknown }, file: string): CredentialsFile {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (parsed.credsStore !== undefined && typeof parsed.credsStore !== 'string') throw new ConfigError(file, '"credsStore" must be a string');
  if (parsed.credHelpers !== undefined && (!isObject(parsed.credHelpers) || Object.values(parsed.credHelpers).some((v) => typeof v !== 'string'))) {
    throw new ConfigError(file, '"credHelpers" must map registry names to helper names');
  }
  return {
    auths: isObject(parsed.auths) ? (parsed.auths as Record<string, AuthEntry>) : {},
    credsStore: parsed.credsStore || undefined,
    credHelpers: (parsed.credHelpers ?? {}) as Record<string, string>,
  };
}

/** The helper for a registry: its credHelpers entry, else credsStore, else none. */
export function helperFor(config: CredentialsFile, file: string, registry: string): HelperRef | undefined {
  const keys = registryKeys(registry).map(normaliseKey);
  for (const [key, name] of Object.entries(config.credHelpers)) {
    if (name && keys.includes(normaliseKey(key))) return { name, file, key: `credHelpers["${key}"]` };
  }
  return config.credsStore ? { name: config.credsStore, file, key: '"credsStore"' } : undefined;
}

/** The key a login is stored under, and what a helper is asked for: Docker Hub's index URL, else host[:port]. */
export function credentialKey(registry: string): string {
  return registryKeys(registry)[0]!;
}

function registryKeys(registry: string): string[] {
  return DOCKER_HUB_KEYS.map(normaliseKey).includes(normaliseKey(registry)) ? DOCKER_HUB_KEYS : [normaliseKey(registry)];
}

export function loadCredentials(file = credentialsFile()): CredentialLookup {
  const config = readCredentialsFile(file);
  const byHost = new Map<string, Credentials>();
  for (const [key, entry] of Object.entries(config.auths)) {
    const creds = decode(file, key, entry ?? {});
    if (creds) byHost.set(normaliseKey(key), creds);
  }
  const fromHelpers = new Map<string, Credentials | undefined>();
  return (registry) => {
    const helper = helperFor(config, file, registry);
    if (helper) {
      const url = credentialKey(registry);
      if (!fromHelpers.has(url)) fromHelpers.set(url, helperGet(helper, url));
      const found = fromHelpers.get(url);
      if (found) return found;
    }
    for (const key of registryKeys(registry)) {
      const found = byHost.get(normaliseKey(key));
      if (found) return found;
    }
    return undefined;
  };
}

/** 'https://host:5000/v1/' and 'host:5000' name the same registry. */
export function normaliseKey(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/v[12]\/?$/, '').replace(/\/$/, '');
}

function decode(file: string, key: string, entry: AuthEntry): Credentials | undefined {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) return { username: '', password: '', identityToken: entry.identitytoken };
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return undefined;
  const text = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new ConfigError(file, `the "auth" entry for ${key} is not base64 of user:password`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
