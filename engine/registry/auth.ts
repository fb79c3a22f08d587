// Registry authentication: anonymous first, then whatever the registry's
// challenge asks for. Bearer tokens (Docker's token protocol) are cached per
// (endpoint origin, scope) until they expire; once an origin has challenged
// us, later requests authenticate up front instead of paying a 401 each.
//
// Rounds per request (request.ts counts them): a 401 to an anonymous or
// cached-token request fetches a fresh token; one more 401 is retried only
// if it says error="insufficient_scope"; anything else is AUTH_DENIED.
import { RegistryError, type ErrorFields } from '../errors.js';
import { parseChallenges, pickChallenge, type Challenge } from './auth-challenge.js';
import type { CredentialLookup, Credentials } from './config.js';
import { describeErrorBody, protocolError, pullAccessDenied } from './registry-errors.js';

export interface AuthTarget {
  /** Origin of the registry endpoint: 'https://registry-1.docker.io'. */
  origin: string;
  /** Name credentials are looked up by: 'docker.io', or a mirror's host:port. */
  credentialKey: string;
  /** '' asks for a token without a repository scope (login's check). */
  repository: string;
  /** For messages: 'alpine', 'localhost:5000/x'. */
  display: string;
  /** Ask for pull and push on the repository (default pull only). */
  push?: boolean;
  /** Other repositories to read in the same token (cross-repository mounts). */
  readFrom?: string[];
}

/** A token service's answer: status and (capped) body. */
export interface TokenReply {
  status: number;
  body: Buffer | undefined;
}

/**
 * Asks a realm for a token with request.ts's retries, no registry auth:
 * GET (with Basic credentials or none), or with `form` a POST of the OAuth2
 * refresh-token grant.
 */
export type TokenFetcher = (realm: URL, basic: string | undefined, signal: AbortSignal | undefined, form?: URLSearchParams) => Promise<TokenReply>;

const OAUTH_CLIENT_ID = 'tscontain';

export type UnauthorizedDecision = 'retry' | 'deny';

const MIN_TOKEN_SECONDS = 60;
const EXPIRY_MARGIN_MS = 5_000;

export class Authenticator {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly fetchToken: TokenFetcher,
    private readonly credentials: CredentialLookup,
    private readonly now: () => number,
  ) {}

  /** The Authorization header to send, or undefined to go anonymous. */
  async authorization(target: AuthTarget, signal?: AbortSignal): Promise<string | undefined> {
    const challenge = this.challenges.get(target.origin);
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      const creds = this.credentials(target.credentialKey);
      return creds && !creds.identityToken ? basicHeader(creds) : undefined;
    }
    return `Bearer ${await this.token(target, challenge, signal)}`;
  }

  /** Learns from a 401 and says whether the request should be sent again. */
  unauthorized(target: AuthTarget, wwwAuthenticate: string | undefined, sent: string | undefined, round: number): UnauthorizedDecision {
    const challenge = pickChallenge(parseChallenges(wwwAuthenticate));
    if (!challenge) return 'deny';
    this.challenges.set(target.origin, challenge);
    if (challenge.scheme === 'basic') {
      const creds = this.credentials(target.credentialKey);
      if (!creds || creds.identityToken) return 'deny';
      return sent?.startsWith('Basic ') ? 'deny' : 'retry';
    }
    this.tokens.delete(tokenKey(target));
    if (round === 0) return 'retry';
    if (round === 1 && challenge.params.error === 'insufficient_scope') return 'retry';
    return 'deny';
  }

  /** The AUTH_DENIED error for a final 401/403. */
  deniedError(target: AuthTarget, status: number, detail: string): RegistryError {
    const challenge = this.challenges.get(target.origin);
    const creds = this.credentials(target.credentialKey);
    if (target.push && !(challenge?.scheme === 'basic' && creds)) {
      return new RegistryError('AUTH_DENIED', `denied: requested access to the resource is denied (push to ${target.display} on ${target.credentialKey})${detail ? `: ${detail}` : ''}`, {
        hint: creds ? 'these credentials may not push to this repository' : `log in first: tscontain login ${target.credentialKey}`,
        fields: { repository: target.display, host: target.credentialKey, status },
      });
    }
    if (challenge?.scheme === 'basic' && creds) {
      return new RegistryError('AUTH_DENIED', `authentication to ${target.credentialKey} failed for ${target.display}: credentials refused (HTTP ${status})`, {
        hint: 'check the username and password for this registry',
        fields: { repository: target.display, host: target.credentialKey, status },
      });
    }
    return pullAccessDenied(target.display, target.credentialKey, detail || undefined);
  }

  private async token(target: AuthTarget, challenge: Challenge, signal?: AbortSignal): Promise<string> {
    const key = tokenKey(target);
    const cached = this.tokens.get(key);
    if (cached && this.now() < cached.expiresAt - EXPIRY_MARGIN_MS) return cached.token;
    const inflight = this.pending.get(key);
    if (inflight) return inflight;
    const promise = this.requestToken(target, challenge, signal).finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  private async requestToken(target: AuthTarget, challenge: Challenge, signal?: AbortSignal): Promise<string> {
    const realm = parseRealm(challenge, target);
    const scopes = targetScopes(target);
    // The challenge may name scopes the registry wants too, but the challenge is
    // remembered per origin: never carry another repository's scope along.
    for (const extra of (challenge.params.scope ?? '').split(' ').filter(Boolean)) {
      const foreign = extra.startsWith('repository:') && !scopes.some((s) => s.startsWith(`${extra.split(':').slice(0, 2).join(':')}:`));
      if (!foreign && !scopes.includes(extra)) scopes.push(extra);
    }
    const creds = this.credentials(target.credentialKey);
    const mayShow = creds !== undefined && credentialsMaySeeRealm(realm, target);
    let reply: TokenReply;
    let sentSecret = false;
    if (mayShow && creds.identityToken) {
      // Docker's OAuth flow: the identity token is a refresh token.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: OAUTH_CLIENT_ID });
      if (challenge.params.service) form.set('service', challenge.params.service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      reply = await this.fetchToken(realm, undefined, signal, form);
      sentSecret = true;
    } else {
      if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
      for (const scope of scopes) realm.searchParams.append('scope', scope);
      const basic = mayShow ? basicHeader(creds) : undefined;
      reply = await this.fetchToken(realm, basic, signal);
      sentSecret = basic !== undefined;
    }
    if (reply.status === 401 || reply.status === 403) {
      if (sentSecret) {
        throw new RegistryError('AUTH_DENIED', `authentication to ${target.credentialKey} failed: the token service ${realm.host} refused the credentials (HTTP ${reply.status})`, {
          hint: creds?.identityToken ? `the identity token may have expired: tscontain login ${target.credentialKey}` : 'check the username and password for this registry',
          fields: { repository: target.display, host: target.credentialKey, status: reply.status },
        });
      }
      throw pullAccessDenied(target.display, target.credentialKey, describeErrorBody(reply.body) || undefined);
    }
    if (reply.status !== 200) {
      throw protocolError(realm.host, `token service answered HTTP ${reply.status}${suffix(describeErrorBody(reply.body))}`);
    }
    const { token, seconds } = parseTokenBody(reply.body, realm.host);
    this.tokens.set(tokenKey(target), { token, expiresAt: this.now() + Math.max(MIN_TOKEN_SECONDS, seconds) * 1000 });
    return token;
  }
}

/** `{token | access_token, expires_in}`; expires_in defaults to 60 s. */
export function parseTokenBody(body: Buffer | undefined, host: string): { token: string; seconds: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body?.toString('utf8') ?? '');
  } catch {
    throw protocolError(host, 'token service answered something other than JSON');
  }
  const obj = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const token = typeof obj.token === 'string' && obj.token ? obj.token : obj.access_token;
  if (typeof token !== 'string' || !token || /[\s\u0000-\u001f]/.test(token)) throw protocolError(host, 'token service answered without a usable token');
  const expires = obj.expires_in;
  const seconds = typeof expires === 'number' && Number.isFinite(expires) && expires > 0 ? expires : MIN_TOKEN_SECONDS;
  return { token, seconds };
}

function suffix(text: string): string {
  return text ? `: ${text}` : '';
}

function targetScopes(target: AuthTarget): string[] {
  if (!target.repository) return [];
  const scopes = [`repository:${target.repository}:${target.push ? 'pull,push' : 'pull'}`];
  for (const repo of target.readFrom ?? []) if (repo !== target.repository) scopes.push(`repository:${repo}:pull`);
  return scopes;
}

function tokenKey(target: AuthTarget): string {
  return `${target.origin} ${targetScopes(target).join(' ')}`;
}

function parseRealm(challenge: Challenge, target: AuthTarget): URL {
  const fields: ErrorFields = { host: target.origin };
  let realm: URL | undefined;
  try {
    realm = new URL(challenge.params.realm ?? '');
  } catch {
    realm = undefined;
  }
  if (!realm || (realm.protocol !== 'https:' && realm.protocol !== 'http:')) {
    throw new RegistryError('REGISTRY_PROTOCOL', `${target.origin}: bearer challenge without a usable realm ("${challenge.params.realm ?? ''}")`, { fields });
  }
  return realm;
}

/**
 * Credentials go to a token realm over HTTPS, or over plain HTTP only when
 * the realm is the registry's own host (an insecure registry's token
 * service); never in clear text to a third host.
 */
function credentialsMaySeeRealm(realm: URL, target: AuthTarget): boolean {
  return realm.protocol === 'https:' || realm.hostname === new URL(target.origin).hostname;
}

export function basicHeader(creds: Credentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}`;
}
