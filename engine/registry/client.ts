// The registry client: resolve a reference to a verified manifest + config,
// then stream verified layer blobs.
//
//   const client = new RegistryClient({ config, credentials?, userAgent?, sleep?, retry?, now?, random?, dockerHubHost? });
//   const image = await client.resolve(ref, { platform?, signal?, onFallback? });
//     -> ResolvedImage { source, reference, indexDigest?, indexBytes?, indexMediaType?,
//                        manifestDigest, manifestMediaType, manifestBytes,
//                        configDigest, configBytes, config, layers, platform }
//   for await (const chunk of client.openBlob(image.source, image.layers[0], { signal?, onProgress?, onRetry? })) ...
//   client.close();   // drops idle keep-alive sockets (optional: they never hold the process open)
//
// Guarantees: manifests fetched by digest, configs and blobs are verified
// (digest and size) and a mismatch is an error; Authorization never leaves
// the registry's origin; every wait honours the AbortSignal (AbortedError).
// Errors: RegistryError (REGISTRY_UNREACHABLE, AUTH_DENIED, RATE_LIMITED,
// MANIFEST_UNKNOWN, BLOB_UNKNOWN, REGISTRY_PROTOCOL, REGISTRY_SERVER),
// DigestMismatchError, SizeMismatchError, UnsupportedMediaTypeError,
// PlatformNotFoundError, AbortedError, ConfigError (bad mirror or insecure entry).
// Manifest and config digests are sha256 (what the store keys on); blobs may
// also be sha384/sha512.
// Endpoints: docker.io = config.mirrors in order (one try each, then the
// next), then registry-1.docker.io; blobs come from the endpoint that served
// the manifest (ResolvedImage.source). Insecure hosts (listed, in a listed
// CIDR, or 127.0.0.0/8) skip certificate checks and, unless a mirror URL
// names its scheme, try https first and fall back to http for good.
// Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY by Go's rules (proxy-env.ts).
// TLS: per-registry CAs and client certificates from certs.d (certs-dir.ts).
import { AbortedError, RegistryError } from '../errors.js';
import type { ImageReference } from '../reference/reference.js';
import { Authenticator, type TokenReply } from './auth.js';
import { streamBlob, type BlobOptions } from './blob-stream.js';
import { DEFAULT_RETRY, type CredentialLookup, type RegistryConfig, type RetryPolicy, type SleepFn } from './config.js';
import { parseDescriptor, type Descriptor } from './descriptor.js';
import { endpointsFor, InsecureRegistries, parseMirror } from './endpoints.js';
import { discard, HttpAgents, readErrorBody } from './http.js';
import { CertsDirs, certsDirsFromEnv } from './certs-dir.js';
import { ProxyResolver, proxySettingsFromEnv, type ProxySettings } from './proxy-env.js';
import { unexpectedStatus } from './registry-errors.js';
import { Transport } from './request.js';
import { resolveFrom, type ResolvedImage, type ResolveOptions } from './resolve.js';
import { defaultSleep } from './retry.js';
import { Slots } from './slots.js';
import type { BlobSource } from './source.js';
import { RegistryUploader } from './upload.js';
import { familiarRepository } from '../reference/reference.js';

export type { BlobSource } from './source.js';
export type { Descriptor } from './descriptor.js';
export type { ResolvedImage, ResolveOptions } from './resolve.js';
export type { BlobOptions } from './blob-stream.js';
export type { ImageConfig } from './image-config.js';
export type { ProxySettings } from './proxy-env.js';
export type { RegistryConfig, CredentialLookup, Credentials, RetryPolicy, RetryInfo, SleepFn } from './config.js';

export interface RegistryClientOptions {
  config: RegistryConfig;
  credentials?: CredentialLookup;
  userAgent?: string;
  /** Injectable for tests; must reject with AbortedError on abort. */
  sleep?: SleepFn;
  retry?: Partial<RetryPolicy>;
  /** Clock for token expiry and Retry-After dates (tests). */
  now?: () => number;
  /** Jitter source in [0, 1) (tests). */
  random?: () => number;
  /** Serve docker.io from this host:port instead of registry-1.docker.io (tests). */
  dockerHubHost?: string;
  /** HTTP(S)_PROXY / NO_PROXY; default: read from the environment. */
  proxy?: ProxySettings;
  /** Roots of per-registry TLS material; default: TSCONTAIN_CERTS_D or /etc/tscontain/certs.d, /etc/docker/certs.d. */
  certsDirs?: string[];
}

export class RegistryClient {
  private readonly config: RegistryConfig;
  private readonly policy: RetryPolicy;
  private readonly sleep: SleepFn;
  private readonly random: () => number;
  private readonly agents: HttpAgents;
  private readonly insecure: InsecureRegistries;
  private readonly transport: Transport;
  private readonly slots: Slots | undefined;
  private readonly hubHost: string | undefined;

  constructor(opts: RegistryClientOptions) {
    this.config = { ...opts.config, mirrors: [...opts.config.mirrors], insecureRegistries: [...opts.config.insecureRegistries] };
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.insecure = new InsecureRegistries(this.config.insecureRegistries);
    this.agents = new HttpAgents(
      new ProxyResolver(opts.proxy ?? proxySettingsFromEnv()),
      new CertsDirs(opts.certsDirs ?? certsDirsFromEnv()),
    );
    for (const mirror of this.config.mirrors) parseMirror(mirror);
    const now = opts.now ?? Date.now;
    const credentials = opts.credentials ?? (() => undefined);
    const authenticator = new Authenticator((realm, basic, signal, form) => this.fetchToken(realm, basic, signal, form), credentials, now);
    this.transport = new Transport({
      agents: this.agents, policy: this.policy, sleep: this.sleep, now, random: this.random,
      userAgent: opts.userAgent ?? 'tscontain/0.1', insecure: this.insecure, authenticator,
    });
    const limit = this.config.maxConcurrentDownloads;
    this.slots = limit !== undefined && limit > 0 ? new Slots(limit) : undefined;
    this.hubHost = opts.dockerHubHost;
  }

  /** Finds the image for `ref` (and the platform) and verifies its manifest and config. */
  async resolve(ref: ImageReference, opts: ResolveOptions = {}): Promise<ResolvedImage> {
    if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
    const endpoints = await endpointsFor(ref.registry, this.config, this.insecure, this.hubHost);
    return resolveFrom({ transport: this.transport, policy: this.policy }, endpoints, ref, opts);
  }

  /**
   * The compressed bytes of a blob from `source` (normally a ResolvedImage's),
   * verified as they flow. Nothing is requested until iteration starts; at
   * most maxConcurrentDownloads blobs stream at once.
   */
  openBlob(source: BlobSource, desc: Descriptor, opts: BlobOptions = {}): AsyncIterable<Uint8Array> {
    const checked = parseDescriptor(desc, source.endpoint.host, 'blob descriptor');
    const deps = { transport: this.transport, policy: this.policy, sleep: this.sleep, random: this.random };
    const slots = this.slots;
    return {
      async *[Symbol.asyncIterator]() {
        const release = slots ? await slots.acquire(opts.signal) : undefined;
        try {
          yield* streamBlob(deps, source, checked, opts);
        } finally {
          release?.();
        }
      },
    };
  }

  /**
   * The write side of one repository (push). docker.io means Docker Hub
   * itself: mirrors are for pulls only. `readFrom` names repositories on the
   * same registry that blobs may be mounted from.
   */
  async uploader(ref: ImageReference, opts: { readFrom?: string[] } = {}): Promise<RegistryUploader> {
    const endpoints = await endpointsFor(ref.registry, { ...this.config, mirrors: [] }, this.insecure, this.hubHost);
    const source: BlobSource = { endpoint: endpoints[endpoints.length - 1]!, repository: ref.repository, display: familiarRepository(ref) };
    return new RegistryUploader(this.transport, source, opts.readFrom ?? [], this.policy.timeoutMs);
  }

  /**
   * Checks this client's credentials for `registry` (login): GET /v2/ and
   * whatever challenge it answers with (Basic, or a Bearer token without a
   * repository scope). A registry open to anyone accepts any credentials.
   */
  async checkLogin(registry: string, signal?: AbortSignal): Promise<void> {
    const endpoints = await endpointsFor(registry, { ...this.config, mirrors: [] }, this.insecure, this.hubHost);
    const endpoint = endpoints[endpoints.length - 1]!;
    const target = { origin: new URL(endpoint.url).origin, credentialKey: endpoint.credentialKey, repository: '', display: registry };
    let res;
    try {
      res = await this.transport.fetch(new URL(`${endpoint.url}/v2/`), { signal, auth: target, tlsInsecure: endpoint.insecure, httpFallback: endpoint.httpFallback });
    } catch (err) {
      if (err instanceof RegistryError && err.code === 'AUTH_DENIED') {
        throw new RegistryError('AUTH_DENIED', `login to ${registry} failed: unauthorized: incorrect username or password`, {
          cause: err, fields: { host: registry },
        });
      }
      throw err;
    }
    discard(res);
    if (res.status !== 200) throw unexpectedStatus(res.url.host, res.status, 'GET /v2/');
  }

  /** Closes idle connections. The client stays usable. */
  close(): void {
    this.agents.destroy();
  }

  private async fetchToken(realm: URL, basic: string | undefined, signal: AbortSignal | undefined, form?: URLSearchParams): Promise<TokenReply> {
    const body = form ? Buffer.from(form.toString(), 'utf8') : undefined;
    const res = await this.transport.fetch(realm, {
      signal, authorization: basic, tlsInsecure: await this.insecure.isInsecure(realm.host), httpFallback: false,
      ...(body ? {
        method: 'POST' as const, body: () => body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
      } : {}),
    });
    const replyBody = await readErrorBody(res, { timeoutMs: this.policy.timeoutMs, signal }, 1024 * 1024);
    return { status: res.status, body: replyBody };
  }
}
