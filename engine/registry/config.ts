// What the registry client is configured with: the host config's registry
// keys, a credential hook, and the retry policy.
import { configPath } from '../config.js';

export interface RegistryConfig {
  /**
   * Mirrors for docker.io only, tried in order before docker.io itself:
   * 'https://host:port', 'http://host:port' (used exactly as written), or
   * 'host:port' (HTTPS, or the insecure rules when the host is insecure).
   */
  mirrors: string[];
  /**
   * 'host:port' names or CIDRs ('127.0.0.0/8') as in Docker's daemon.json.
   * Like Docker, 127.0.0.0/8 is always insecure.
   */
  insecureRegistries: string[];
  /** Blob streams open at once across the whole client (default: unlimited). */
  maxConcurrentDownloads?: number;
}

export interface Credentials {
  username: string;
  password: string;
  /**
   * Docker's identity token: an OAuth refresh token sent to the token realm
   * (POST grant_type=refresh_token) instead of a password. Unused with Basic.
   */
  identityToken?: string;
}

/**
 * Credentials for a registry, looked up by the name the reference uses
 * ('docker.io', 'localhost:5000') or, for a mirror, by the mirror's host:port.
 */
export type CredentialLookup = (registry: string) => Credentials | undefined;

export interface RetryPolicy {
  /** Tries per request, the first included (default 4). */
  attempts: number;
  /** First backoff delay; doubles each retry, with jitter (default 500 ms). */
  baseDelayMs: number;
  /** Upper bound of one backoff delay (default 10 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails at once (default 60 s). */
  maxRetryAfterMs: number;
  /** Times a broken blob download is resumed with Range (default 5). */
  blobResumes: number;
  /** Socket inactivity before a request counts as failed (default 30 s). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  blobResumes: 5,
  timeoutMs: 30_000,
};

/** Sleeps ms, rejecting with AbortedError if the signal fires first. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Reported before each retry or resume, so the puller can show it. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  reason: string;
  delayMs: number;
}

/** The config file hints name: the one this process reads (--config, TSCONTAIN_CONFIG or the default). */
export function configFileHint(): string {
  return configPath();
}
