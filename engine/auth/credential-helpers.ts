// Docker credential helpers (docker-credential-<name> on PATH), the protocol
// of docker/docker-credential-helpers: `get` reads a server URL on stdin and
// prints {"ServerURL","Username","Secret"}; `store` reads that JSON; `erase`
// reads the server URL. A Username of "<token>" means Secret is an identity
// token (an OAuth refresh token), not a password.
//
// Calls are synchronous: the registry client asks for credentials from
// synchronous code paths, helpers answer in milliseconds, and each answer is
// cached by the caller for the client's life.
import { spawnSync } from 'node:child_process';
import { ConfigError } from '../errors.js';
import type { Credentials } from './docker-credentials.js';

export const IDENTITY_TOKEN_USERNAME = '<token>';
const NOT_FOUND = 'credentials not found in native keychain';
const TIMEOUT_MS = 30_000;

/** Where the helper was named, for errors: 'credsStore' or 'credHelpers["host"]' in the file. */
export interface HelperRef {
  name: string;
  file: string;
  key: string;
}

export function validHelperName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}

function run(ref: HelperRef, action: 'get' | 'store' | 'erase', input: string): { ok: boolean; out: string } {
  const program = `docker-credential-${ref.name}`;
  if (!validHelperName(ref.name)) throw new ConfigError(ref.file, `${ref.key}: "${ref.name}" is not a credential helper name`);
  const result = spawnSync(program, [action], { input, encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['pipe', 'pipe', 'pipe'] });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(ref.file, `${ref.key} names the credential helper "${ref.name}", but ${program} is not on PATH`, {
        hint: `install ${program}, or remove ${ref.key} from ${ref.file}`,
      });
    }
    throw new ConfigError(ref.file, `${program} ${action} failed: ${code === 'ETIMEDOUT' ? `no answer within ${TIMEOUT_MS / 1000} s` : result.error.message}`, { cause: result.error });
  }
  const out = `${result.stdout ?? ''}`.trim() || `${result.stderr ?? ''}`.trim();
  return { ok: result.status === 0, out };
}

function failed(ref: HelperRef, action: string, out: string): ConfigError {
  const program = `docker-credential-${ref.name}`;
  const text = out.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);
  return new ConfigError(ref.file, `${program} ${action} failed${text ? `: ${text}` : ''}`, { hint: `check ${program}, or ${ref.key} in ${ref.file}` });
}

/** The helper's credentials for `serverUrl`, or undefined when it has none. */
export function helperGet(ref: HelperRef, serverUrl: string): Credentials | undefined {
  const { ok, out } = run(ref, 'get', serverUrl);
  if (!ok) {
    if (out === NOT_FOUND) return undefined;
    throw failed(ref, 'get', out);
  }
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(out) as typeof parsed;
  } catch {
    throw failed(ref, 'get', 'answered something other than JSON');
  }
  const username = typeof parsed.Username === 'string' ? parsed.Username : '';
  const secret = typeof parsed.Secret === 'string' ? parsed.Secret : '';
  if (!secret) return undefined;
  if (username === IDENTITY_TOKEN_USERNAME) return { username: '', password: '', identityToken: secret };
  return { username, password: secret };
}

export function helperStore(ref: HelperRef, serverUrl: string, creds: Credentials): void {
  const body = creds.identityToken
    ? { ServerURL: serverUrl, Username: IDENTITY_TOKEN_USERNAME, Secret: creds.identityToken }
    : { ServerURL: serverUrl, Username: creds.username, Secret: creds.password };
  const { ok, out } = run(ref, 'store', JSON.stringify(body));
  if (!ok) throw failed(ref, 'store', out);
}

/** Removes the helper's entry; false when it had none. */
export function helperErase(ref: HelperRef, serverUrl: string): boolean {
  const { ok, out } = run(ref, 'erase', serverUrl);
  if (ok) return true;
  if (out === NOT_FOUND) return false;
  throw failed(ref, 'erase', out);
}
