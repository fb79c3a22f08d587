// A small auth-aware fetch for the distribution API, used by the test push
// helper: answers `WWW-Authenticate: Basic` with the credentials and
// `WWW-Authenticate: Bearer realm,service,scope` by getting a token from the
// realm (with Basic credentials if any), cached per scope and reused.

export type Credentials = { username: string; password: string };

export type Challenge = { scheme: string; params: Record<string, string> };

/** Parses one `WWW-Authenticate` challenge: `Bearer realm="x",service="y",scope="a b"`. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/gy;
  const rest = m[2] ?? '';
  let p: RegExpExecArray | null;
  while (re.lastIndex < rest.length && (p = re.exec(rest))) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3] ?? '';
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

/** Merges space-separated scopes by resource: `repository:a:pull repository:a:push` -> `repository:a:pull,push`. */
export function mergeScopes(scopes: string): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const s of scopes.split(' ').filter(Boolean)) {
    const i = s.lastIndexOf(':');
    const resource = i > 0 ? s.slice(0, i) : s;
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const a of i > 0 ? s.slice(i + 1).split(',') : []) if (a) actions.add(a);
    byResource.set(resource, actions);
  }
  return [...byResource].map(([r, a]) => (a.size ? `${r}:${[...a].join(',')}` : r));
}

export class RegistryAuth {
  private basic = false;
  private readonly tokens = new Map<string, string>();
  private readonly pending = new Map<string, Promise<string>>();
  /** Number of tokens this client fetched (tests check reuse with it). */
  tokensFetched = 0;

  constructor(readonly credentials?: Credentials) {}

  private basicHeader(): string {
    const c = this.credentials!;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  private authorization(scope: string): string | undefined {
    const token = this.tokens.get(scope);
    if (token) return `Bearer ${token}`;
    return this.basic && this.credentials ? this.basicHeader() : undefined;
  }

  private async fetchToken(ch: Challenge, scope: string): Promise<string> {
    const realm = ch.params.realm;
    if (!realm) throw new Error('Bearer challenge without realm');
    const url = new URL(realm);
    if (ch.params.service) url.searchParams.set('service', ch.params.service);
    // Ask for what the caller needs and what the challenge names (e.g. pull,push when pushing).
    for (const s of mergeScopes(`${scope} ${ch.params.scope ?? ''}`)) url.searchParams.append('scope', s);
    const headers: Record<string, string> = this.credentials ? { authorization: this.basicHeader() } : {};
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (!res.ok) throw new Error(`token request ${url} failed: ${res.status} ${body}`);
    const json = JSON.parse(body) as { token?: string; access_token?: string };
    const token = json.token ?? json.access_token;
    if (!token) throw new Error(`token response without token: ${body}`);
    this.tokensFetched++;
    return token;
  }

  /**
   * fetch() with registry auth. `scope` (e.g. `repository:NAME:pull,push`) keys
   * the token cache and is requested along with the challenge's scope.
   * The body must be re-sendable (a Buffer or string), as a 401 is retried once.
   */
  async fetch(url: string | URL, init: RequestInit, scope: string): Promise<Response> {
    let sentWith: string | undefined;
    const send = (): Promise<Response> => {
      const headers = new Headers(init.headers);
      const auth = this.authorization(scope);
      sentWith = auth;
      if (auth) headers.set('authorization', auth);
      return fetch(url, { ...init, headers, redirect: 'follow' });
    };
    const res = await send();
    if (res.status !== 401) return res;
    const ch = parseChallenge(res.headers.get('www-authenticate') ?? '');
    if (!ch) return res;
    if (ch.scheme === 'basic') {
      if (!this.credentials || sentWith === this.basicHeader()) return res; // refused: give up
      this.basic = true;
    } else if (ch.scheme === 'bearer') {
      // Our current token was refused (expired, insufficient scope): drop it and fetch anew, once.
      if (sentWith !== undefined && sentWith === this.authorization(scope)) this.tokens.delete(scope);
      if (!this.tokens.has(scope)) {
        let p = this.pending.get(scope); // shared by concurrent requests
        if (!p) {
          p = this.fetchToken(ch, scope).finally(() => this.pending.delete(scope));
          this.pending.set(scope, p);
        }
        this.tokens.set(scope, await p);
      }
    } else {
      return res;
    }
    await res.arrayBuffer();
    return send();
  }
}
