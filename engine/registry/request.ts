// A registry GET with everything around it: authentication rounds, retries
// with backoff and Retry-After, redirects (Authorization only ever goes to
// the registry's own origin), and the https -> http fallback of insecure
// hosts written without a scheme (remembered per host for the client's life).
// It returns the final response for the caller to interpret (2xx, 404, 416,
// ...) and throws for what no caller can fix: AUTH_DENIED, RATE_LIMITED,
// REGISTRY_SERVER after the retries, REGISTRY_UNREACHABLE, AbortedError.
import { AbortedError } from '../errors.js';
import type { AuthTarget, Authenticator } from './auth.js';
import type { RetryInfo, RetryPolicy, SleepFn } from './config.js';
import type { InsecureRegistries } from './endpoints.js';
import { discard, header, readErrorBody, send, type HttpAgents, type HttpBody, type HttpMethod, type HttpResponse } from './http.js';
import { describeErrorBody, NetworkError, protocolError, serverError, unreachableError } from './registry-errors.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, rateLimitedError } from './retry.js';

export interface FetchOptions {
  /** Default GET. Only GET and HEAD follow redirects; other methods get the 3xx back. */
  method?: HttpMethod;
  /** Makes the body afresh for every attempt (retries and auth rounds resend it). */
  body?: (() => HttpBody) | undefined;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  /** Overrides the policy's attempts (mirrors use 1: fail over instead). */
  attempts?: number;
  /** Registry auth for this URL's origin, decided by the Authenticator. */
  auth?: AuthTarget | undefined;
  /** A fixed Authorization header for this URL's origin (token realms). */
  authorization?: string | undefined;
  /** Skip certificate checks on this URL's origin. */
  tlsInsecure: boolean;
  /** On a connection failure over https, retry this host over http for good. */
  httpFallback: boolean;
}

export interface TransportDeps {
  agents: HttpAgents;
  policy: RetryPolicy;
  sleep: SleepFn;
  now: () => number;
  random: () => number;
  userAgent: string;
  insecure: InsecureRegistries;
  authenticator: Authenticator;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

export class Transport {
  private readonly plainHttpHosts = new Set<string>();

  constructor(private readonly deps: TransportDeps) {}

  /** The URL to use for an https URL, after any remembered http fallback. */
  effectiveUrl(url: URL): URL {
    if (url.protocol !== 'https:' || !this.plainHttpHosts.has(url.host)) return url;
    const plain = new URL(url.href);
    plain.protocol = 'http:';
    return plain;
  }

  async fetch(target: URL, opts: FetchOptions): Promise<HttpResponse> {
    const { policy } = this.deps;
    const attempts = opts.attempts ?? policy.attempts;
    let attempt = 1;
    let authRound = 0;
    let fellBack = false;
    for (;;) {
      const start = this.effectiveUrl(target);
      let failed: { url: URL } = { url: start };
      let exchange: { res: HttpResponse; sentAuth: string | undefined; atOrigin: boolean };
      try {
        exchange = await this.followRedirects(start, opts, failed);
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
        if (opts.httpFallback && !fellBack && failed.url.origin === start.origin && start.protocol === 'https:') {
          this.plainHttpHosts.add(start.host);
          fellBack = true;
          continue;
        }
        if (err.transient && attempt < attempts) {
          await this.pause(attempt, `${err.host}: ${err.detail}`, backoffDelay(attempt, policy, this.deps.random), opts);
          attempt++;
          continue;
        }
        throw unreachableError(err, attempt, this.deps.agents.certs.roots[0]);
      }
      const { res, sentAuth, atOrigin } = exchange;
      const host = res.url.host;
      if ((res.status === 401 || res.status === 403) && atOrigin && opts.auth) {
        if (res.status === 401) {
          const decision = this.deps.authenticator.unauthorized(opts.auth, header(res, 'www-authenticate'), sentAuth, authRound);
          if (decision === 'retry') {
            discard(res);
            authRound++;
            continue;
          }
        }
        const detail = describeErrorBody(await readErrorBody(res, this.readOpts(opts)));
        throw this.deps.authenticator.deniedError(opts.auth, res.status, detail);
      }
      // A CDN refusing an expired signed URL: start over from the registry.
      const foreignRefusal = !atOrigin && (res.status === 401 || res.status === 403);
      if (!isRetryableStatus(res.status) && !foreignRefusal) return res;

      const wait = parseRetryAfter(header(res, 'retry-after'), this.deps.now());
      const tooLong = wait !== undefined && wait > policy.maxRetryAfterMs;
      if (attempt < attempts && !tooLong) {
        discard(res);
        await this.pause(attempt, `${host} answered HTTP ${res.status}`, wait ?? backoffDelay(attempt, policy, this.deps.random), opts);
        attempt++;
        continue;
      }
      const detail = describeErrorBody(await readErrorBody(res, this.readOpts(opts)));
      if (res.status === 429) throw rateLimitedError(host, res.headers, this.deps.now(), detail, attempt);
      if (foreignRefusal) throw protocolError(host, `redirect target refused the download (HTTP ${res.status})${detail ? `: ${detail}` : ''}`);
      throw serverError(host, res.status, detail, attempt);
    }
  }

  /** `origin` as the URL in hand sees it: an https origin served over http after a fallback counts as itself. */
  private effectiveOrigin(origin: string, url: URL): string {
    if (url.origin === origin) return origin;
    const plain = this.effectiveUrl(new URL(origin));
    return plain.origin === url.origin ? origin : url.origin;
  }

  private async pause(attempt: number, reason: string, delayMs: number, opts: FetchOptions): Promise<void> {
    opts.onRetry?.({ attempt, reason, delayMs });
    await this.deps.sleep(delayMs, opts.signal);
  }

  private readOpts(opts: FetchOptions) {
    return { timeoutMs: this.deps.policy.timeoutMs, signal: opts.signal };
  }

  /** One attempt: the request and its redirects. `failed.url` tracks where a network error happened. */
  private async followRedirects(start: URL, opts: FetchOptions, failed: { url: URL }) {
    let url = start;
    for (let hops = 0; ; hops++) {
      if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
      const atOrigin = url.origin === start.origin;
      const headers: Record<string, string> = { 'user-agent': this.deps.userAgent, ...opts.headers };
      let sentAuth: string | undefined;
      // Registry credentials only ever go to the registry's own origin (an
      // upload Location may name another host).
      if (atOrigin && (!opts.auth || opts.auth.origin === this.effectiveOrigin(opts.auth.origin, url))) {
        sentAuth = opts.auth ? await this.deps.authenticator.authorization(opts.auth, opts.signal) : opts.authorization;
        if (sentAuth) headers.authorization = sentAuth;
      }
      const tlsInsecure = atOrigin ? opts.tlsInsecure : await this.deps.insecure.isInsecure(url.host);
      failed.url = url;
      const method = opts.method ?? 'GET';
      const res = await send({
        url, method, headers, body: opts.body?.(), signal: opts.signal, timeoutMs: this.deps.policy.timeoutMs, tlsInsecure,
      }, this.deps.agents);
      if (!REDIRECTS.has(res.status) || (method !== 'GET' && method !== 'HEAD')) return { res, sentAuth, atOrigin };
      discard(res);
      const location = header(res, 'location');
      if (!location) throw protocolError(url.host, `redirect (HTTP ${res.status}) without a Location`);
      if (hops + 1 > MAX_REDIRECTS) throw protocolError(start.host, `more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw protocolError(url.host, 'redirect to an invalid URL');
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw protocolError(url.host, `redirect to unsupported scheme ${next.protocol}`);
      if (url.protocol === 'https:' && next.protocol === 'http:' && !(await this.deps.insecure.isInsecure(next.host))) {
        throw protocolError(url.host, `refusing a redirect from https to plain http (${next.host})`);
      }
      url = next;
    }
  }
}
