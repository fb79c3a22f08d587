// Registry credentials from a file in Docker's config.json format
// ({"auths": {"host": {"auth": base64("user:password")}}}), so logins made with
// `docker login` work here too; `tscontain login` writes the same format
// (engine/auth/save-credentials.ts).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

export interface Credentials {
  username: string;
  password: string;
}

export type CredentialLookup = (registry: string) => Credentials | undefined;

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TSCONTAIN_AUTH_CONFIG) return env.TSCONTAIN_AUTH_CONFIG;
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/** Docker Hub's credentials are stored under its historical index URL (the first key). */
export const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

export function loadCredentials(file = credentialsFile()): CredentialLookup {
  let auths: Record<string, { auth?: string; username?: string; password?: string }> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { auths?: typeof auths };
    auths = parsed.auths ?? {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(file, `cannot read credentials: ${(err as Error).message}`, { cause: err });
    }
  }
  const byHost = new Map<string, Credentials>();
  for (const [key, entry] of Object.entries(auths)) {
    const creds = decode(file, key, entry);
    if (creds) byHost.set(normaliseKey(key), creds);
  }
  return (registry) => {
    const keys = registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry];
    for (const key of keys) {
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

function decode(file: string, key: string, entry: { auth?: string; username?: string; password?: string }): Credentials | undefined {
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return undefined;
  const text = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new ConfigError(file, `the "auth" entry for ${key} is not base64 of user:password`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
