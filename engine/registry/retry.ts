// When to try again: which statuses are worth it, exponential backoff with
// jitter, Retry-After (seconds or an HTTP date), and the RATE_LIMITED error
// that tells the user when to come back.
import type { IncomingHttpHeaders } from 'node:http';
import { AbortedError, RegistryError } from '../errors.js';
import { configFileHint, type RetryPolicy, type SleepFn } from './config.js';
import { sanitize } from './registry-errors.js';

/** 408, 429 and server errors except 501/505, which will not change on retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/** Milliseconds to wait from a Retry-After value (delta seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}

/** Delay before retry number `retry` (1-based): doubling from baseDelayMs, capped, with "equal jitter". */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export const defaultSleep: SleepFn = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError({ cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** When the registry says we may come back, in epoch ms: Retry-After, else ratelimit-reset. */
export function retryAt(headers: IncomingHttpHeaders, now: number): number | undefined {
  const after = parseRetryAfter(single(headers['retry-after']), now);
  if (after !== undefined) return now + after;
  const reset = single(headers['ratelimit-reset'] ?? headers['x-ratelimit-reset']);
  const seconds = reset === undefined ? NaN : Number(reset.split(/[;,]/, 1)[0]);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  // An absolute epoch (GitHub style) or a delta (IETF draft style).
  return seconds > 1e9 ? seconds * 1000 : now + seconds * 1000;
}

export function rateLimitedError(host: string, headers: IncomingHttpHeaders, now: number, detail: string, attempts: number): RegistryError {
  const at = retryAt(headers, now);
  const when = at === undefined ? 'retry later' : `retry after ${new Date(at).toISOString()} (in ${humanDuration(at - now)})`;
  const remaining = single(headers['ratelimit-remaining'] ?? headers['x-ratelimit-remaining']);
  const limit = single(headers['ratelimit-limit'] ?? headers['x-ratelimit-limit']);
  const quota = [remaining && `ratelimit-remaining ${sanitize(remaining)}`, limit && `ratelimit-limit ${sanitize(limit)}`].filter(Boolean).join(', ');
  const message = `${host}: too many requests (HTTP 429)${detail ? `: ${detail}` : ''}; ${when}${quota ? `; ${quota}` : ''}` +
    ` (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
  return new RegistryError('RATE_LIMITED', message, {
    hint: `wait, log in for a higher limit, or set "registry-mirrors" in ${configFileHint()}`,
    fields: { host, retryAt: at === undefined ? undefined : new Date(at).toISOString(), remaining, limit },
  });
}

/** 5h59m, 1m30s, 45s. */
export function humanDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
