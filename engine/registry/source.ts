// A BlobSource is where an image was found: one endpoint (a mirror or the
// registry itself) and the repository path on it. Blobs of an image come
// from the same source that served its manifest. Plain data, safe to log.
import type { AuthTarget } from './auth.js';
import type { Endpoint } from './endpoints.js';
import type { FetchOptions } from './request.js';

export interface BlobSource {
  endpoint: Endpoint;
  /** Path on the endpoint, unchanged for mirrors: 'library/alpine'. */
  repository: string;
  /** The repository as users write it, for messages: 'alpine', 'localhost:5000/x'. */
  display: string;
}

export function authTarget(source: BlobSource): AuthTarget {
  return {
    origin: new URL(source.endpoint.url).origin,
    credentialKey: source.endpoint.credentialKey,
    repository: source.repository,
    display: source.display,
  };
}

/** `https://host/v2/<repository>/<kind>/<reference>`; reference is a validated tag or digest. */
export function sourceUrl(source: BlobSource, kind: 'manifests' | 'blobs', reference: string): URL {
  return new URL(`${source.endpoint.url}/v2/${source.repository}/${kind}/${reference}`);
}

export function sourceFetchOptions(source: BlobSource, extra: Omit<FetchOptions, 'tlsInsecure' | 'httpFallback' | 'auth'>): FetchOptions {
  return { ...extra, auth: authTarget(source), tlsInsecure: source.endpoint.insecure, httpFallback: source.endpoint.httpFallback };
}
