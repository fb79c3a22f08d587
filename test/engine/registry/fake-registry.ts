// Test images (built in memory) and a fake distribution registry on a
// FaultServer: manifests by tag and digest, blobs with Range support, and
// optional Basic or Bearer (Docker token protocol) auth with a token
// endpoint on the same server. Faults are layered on top with server.once.
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultServer, json, registryError, serveBytes } from './fault-server.js';

export const MT = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface TestBlob {
  bytes: Buffer;
  digest: string;
  size: number;
  mediaType: string;
}

export interface TestPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface TestImage {
  manifest: TestBlob;
  config: TestBlob;
  layers: TestBlob[];
  platform: TestPlatform;
}

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export function blob(bytes: Buffer, mediaType: string): TestBlob {
  return { bytes, digest: sha256(bytes), size: bytes.length, mediaType };
}

export interface ImageOptions {
  layers?: Buffer[];
  format?: 'oci' | 'docker';
  platform?: TestPlatform;
  /** Edit the config object before it is serialised. */
  config?: (config: Record<string, unknown>) => void;
  /** Edit the manifest object before it is serialised. */
  manifest?: (manifest: Record<string, unknown>) => void;
}

export function makeImage(opts: ImageOptions = {}): TestImage {
  const format = opts.format ?? 'oci';
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const raw = opts.layers ?? [randomBytes(3000), randomBytes(500)];
  const layerType = format === 'oci' ? MT.ociLayerGzip : MT.dockerLayerGzip;
  const layers = raw.map((r) => blob(gzipSync(r), layerType));
  const config: Record<string, unknown> = {
    ...platform,
    created: '2024-01-01T00:00:00Z',
    config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['sh'], WorkingDir: '/', ExposedPorts: { '80/tcp': {} } },
    rootfs: { type: 'layers', diff_ids: raw.map((r) => sha256(r)) },
    history: raw.map(() => ({ created_by: 'test' })),
  };
  opts.config?.(config);
  const configBlob = blob(Buffer.from(JSON.stringify(config)), format === 'oci' ? MT.ociConfig : MT.dockerConfig);
  const manifestType = format === 'oci' ? MT.ociManifest : MT.dockerManifest;
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: manifestType,
    config: descriptor(configBlob),
    layers: layers.map(descriptor),
  };
  opts.manifest?.(manifest);
  return { manifest: blob(Buffer.from(JSON.stringify(manifest)), manifestType), config: configBlob, layers, platform };
}

export function descriptor(b: TestBlob): { mediaType: string; digest: string; size: number } {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size };
}

export interface IndexOptions {
  format?: 'oci' | 'docker';
  /** buildx-style attestation entries (unknown/unknown + annotation). */
  attestations?: boolean;
  /** Extra raw entries put first. */
  prepend?: Record<string, unknown>[];
}

export function makeIndex(images: TestImage[], opts: IndexOptions = {}): TestBlob {
  const type = (opts.format ?? 'oci') === 'oci' ? MT.ociIndex : MT.dockerList;
  const manifests: Record<string, unknown>[] = [...(opts.prepend ?? [])];
  for (const image of images) manifests.push({ ...descriptor(image.manifest), platform: image.platform });
  if (opts.attestations) {
    for (const image of images) {
      manifests.push({
        mediaType: MT.ociManifest, digest: sha256(`attestation of ${image.manifest.digest}`), size: 800,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': image.manifest.digest },
      });
    }
  }
  return blob(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: type, manifests })), type);
}

export interface FakeRegistryOptions {
  auth?: 'none' | 'basic' | 'bearer';
  users?: { username: string; password: string }[];
  /** Repositories anonymous tokens do not cover. */
  privateRepos?: string[];
  tokenExpiresIn?: number;
  /** Name of the token field in the token response. */
  tokenField?: 'token' | 'access_token';
}

export class FakeRegistry {
  readonly tokenRequests: { authorization: string | undefined; query: URLSearchParams }[] = [];
  private readonly manifests = new Map<string, TestBlob>();
  private readonly blobs = new Map<string, TestBlob>();
  private readonly tokens = new Map<string, { repos: Set<string>; expiresAt: number }>();

  constructor(readonly server: FaultServer, private readonly opts: FakeRegistryOptions = {}) {
    server.on('GET', '/v2/', (req, res) => (this.allowed(req, res, undefined) ? json(res, 200, {}) : undefined));
    server.on('GET', '/token', (req, res, url) => this.token(req, res, url));
    server.on('GET', /^\/v2\/.+\/(manifests|blobs)\/[^/]+$/, (req, res, url) => this.content(req, res, url));
  }

  static async start(opts: FakeRegistryOptions = {}): Promise<FakeRegistry> {
    return new FakeRegistry(await FaultServer.start(), opts);
  }

  get host(): string {
    return this.server.host;
  }

  pushImage(repo: string, image: TestImage, tags: string[] = []): void {
    for (const b of [image.config, ...image.layers]) this.blobs.set(`${repo}@${b.digest}`, b);
    this.putManifest(repo, image.manifest, tags);
  }

  pushIndex(repo: string, index: TestBlob, images: TestImage[], tags: string[] = []): void {
    for (const image of images) this.pushImage(repo, image);
    this.putManifest(repo, index, tags);
  }

  putManifest(repo: string, manifest: TestBlob, tags: string[] = []): void {
    for (const ref of [manifest.digest, ...tags]) this.manifests.set(`${repo}:${ref}`, manifest);
  }

  putBlob(repo: string, b: TestBlob): void {
    this.blobs.set(`${repo}@${b.digest}`, b);
  }

  private content(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname)!;
    const [repo, kind, ref] = [m[1]!, m[2]!, m[3]!];
    if (!this.allowed(req, res, repo)) return;
    if (kind === 'manifests') {
      const manifest = this.manifests.get(`${repo}:${ref}`);
      if (!manifest) return registryError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      res.writeHead(200, { 'content-type': manifest.mediaType, 'content-length': manifest.size, 'docker-content-digest': manifest.digest });
      res.end(manifest.bytes);
      return;
    }
    const found = this.blobs.get(`${repo}@${ref}`);
    if (!found) return registryError(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
    serveBytes(req, res, found.bytes);
  }

  /** Checks auth; answers 401 itself when refused. */
  private allowed(req: IncomingMessage, res: ServerResponse, repo: string | undefined): boolean {
    const auth = this.opts.auth ?? 'none';
    const header = req.headers.authorization ?? '';
    if (auth === 'none') return true;
    if (auth === 'basic') {
      if (this.basicUser(header)) return true;
      registryError(res, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': 'Basic realm="fake-registry"' });
      return false;
    }
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    const grant = token ? this.tokens.get(token) : undefined;
    const valid = grant !== undefined && Date.now() < grant.expiresAt;
    if (valid && (repo === undefined || grant.repos.has(repo))) return true;
    const scope = repo ? `,scope="repository:${repo}:pull"` : '';
    const error = valid ? ',error="insufficient_scope"' : token ? ',error="invalid_token"' : '';
    registryError(res, 401, valid ? 'DENIED' : 'UNAUTHORIZED', 'authentication required', {
      'www-authenticate': `Bearer realm="${this.server.url}/token",service="fake-registry"${scope}${error}`,
    });
    return false;
  }

  private basicUser(header: string): string | undefined {
    const m = /^Basic (.+)$/.exec(header);
    if (!m) return undefined;
    const [username, ...rest] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    const user = (this.opts.users ?? []).find((u) => u.username === username && u.password === rest.join(':'));
    return user?.username;
  }

  private token(req: IncomingMessage, res: ServerResponse, url: URL): void {
    this.tokenRequests.push({ authorization: req.headers.authorization, query: url.searchParams });
    const header = req.headers.authorization;
    const user = header ? this.basicUser(header) : undefined;
    if (header && !user) return registryError(res, 401, 'UNAUTHORIZED', 'incorrect username or password');
    const repos = new Set<string>();
    for (const scope of url.searchParams.getAll('scope')) {
      const m = /^repository:(.+):([a-z,]+)$/.exec(scope);
      if (!m || !m[2]!.split(',').includes('pull')) continue;
      if (!user && this.opts.privateRepos?.includes(m[1]!)) continue;
      repos.add(m[1]!);
    }
    const token = randomBytes(16).toString('hex');
    const expiresIn = this.opts.tokenExpiresIn ?? 300;
    this.tokens.set(token, { repos, expiresAt: Date.now() + expiresIn * 1000 });
    json(res, 200, { [this.opts.tokenField ?? 'token']: token, expires_in: expiresIn });
  }
}
