// Writes and removes logins in Docker's config.json format, keeping every
// other key of the file: {"auths": {"<registry>": {"auth": base64(user:pass)}}}.
// When credHelpers/credsStore names a helper for the registry, the secret
// goes to the helper (store/erase) and the file keeps only an empty entry
// under auths, as Docker does, so it still lists the login.
// The file is private (0600) and replaced atomically, so a reader never sees
// half a file and a crash never leaves one.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { helperErase, helperStore } from './credential-helpers.js';
import { credentialKey, credentialsConfig, credentialsFile, helperFor, readCredentialsFile, type Credentials } from './docker-credentials.js';

export { credentialKey } from './docker-credentials.js';

type ConfigFile = { auths?: Record<string, Record<string, unknown>>; [key: string]: unknown };

export async function saveCredentials(registry: string, creds: Credentials, file = credentialsFile()): Promise<string> {
  const config = await readConfig(file);
  const key = credentialKey(registry);
  const auths = dropKey(config.auths ?? {}, key);
  const helper = helperFor(credentialsConfig(config, file), file, registry);
  if (helper) {
    helperStore(helper, key, creds);
    auths[key] = {};
  } else if (creds.identityToken) {
    auths[key] = { identitytoken: creds.identityToken };
  } else {
    auths[key] = { auth: Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64') };
  }
  config.auths = auths;
  await writeConfig(file, config);
  return key;
}

/** The helper that keeps this registry's secret, if any ('pass', 'secretservice'...). */
export function credentialHelperName(registry: string, file = credentialsFile()): string | undefined {
  return helperFor(readCredentialsFile(file), file, registry)?.name;
}

/** Removes the login for a registry; false when there was none. */
export async function removeCredentials(registry: string, file = credentialsFile()): Promise<boolean> {
  const config = await readConfig(file);
  const helper = helperFor(credentialsConfig(config, file), file, registry);
  const erased = helper ? helperErase(helper, credentialKey(registry)) : false;
  const before = Object.keys(config.auths ?? {}).length;
  const auths = dropKey(config.auths ?? {}, credentialKey(registry));
  if (Object.keys(auths).length === before) return erased;
  config.auths = auths;
  await writeConfig(file, config);
  return true;
}

/** A copy without every spelling of `key` ('http://host:5000', 'host:5000/v2/'...). */
function dropKey(auths: Record<string, Record<string, unknown>>, key: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(auths).filter(([k]) => credentialKey(k) !== key));
}

async function readConfig(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, `not valid JSON (${(err as Error).message})`, { cause: err, hint: 'fix or remove the file, then log in again' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(file, 'must hold a JSON object');
  const config = parsed as ConfigFile;
  if (config.auths !== undefined && (typeof config.auths !== 'object' || config.auths === null || Array.isArray(config.auths))) {
    throw new ConfigError(file, '"auths" must be an object');
  }
  return config;
}

async function writeConfig(file: string, config: ConfigFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, JSON.stringify(config, null, '\t') + '\n', 0o600);
}
