// Pushes built images and indexes to a registry by the distribution API:
// HEAD to skip existing blobs, monolithic uploads (POST then PUT ?digest=),
// manifests by tag and/or digest with their Content-Type. Basic and Bearer
// auth through RegistryAuth. Buffers are sent as they are (no copies).
import type { BuiltImage } from './image-builder.js';
import type { BuiltIndex } from './index-builder.js';
import { RegistryAuth, type Credentials } from './registry-auth.js';

export type PushOptions = {
  registry: string; // '127.0.0.1:5000' (http is assumed) or a full http(s) URL
  repository: string; // e.g. 'library/busybox'
  tags?: string[]; // manifest pushed under each tag; with none, by digest only
  byDigest?: boolean; // also PUT by digest (default: only when there are no tags)
  credentials?: Credentials;
  auth?: RegistryAuth; // share one auth client (token cache) between pushes
};

export type PushResult = { digest: string; blobsUploaded: number; blobsSkipped: number };

export function registryBase(registry: string): string {
  return (/^https?:\/\//.test(registry) ? registry : `http://${registry}`).replace(/\/+$/, '');
}

class Pusher {
  readonly base: string;
  readonly auth: RegistryAuth;
  readonly scope: string;
  constructor(readonly opts: PushOptions) {
    this.base = registryBase(opts.registry);
    this.auth = opts.auth ?? new RegistryAuth(opts.credentials);
    this.scope = `repository:${opts.repository}:pull,push`;
  }

  private async req(url: string, init: RequestInit, expect: number[], what: string): Promise<Response> {
    const res = await this.auth.fetch(url, init, this.scope);
    if (!expect.includes(res.status)) {
      throw new Error(`${what}: ${init.method ?? 'GET'} ${url} -> ${res.status} ${await res.text()}`);
    }
    return res;
  }

  /** Uploads a blob unless the registry has it; returns whether it uploaded. */
  async blob(digest: string, data: Buffer): Promise<boolean> {
    const repo = `${this.base}/v2/${this.opts.repository}`;
    const head = await this.req(`${repo}/blobs/${digest}`, { method: 'HEAD' }, [200, 404], 'blob HEAD');
    if (head.status === 200) return false;
    const start = await this.req(`${repo}/blobs/uploads/`, { method: 'POST' }, [202], 'upload start');
    await start.arrayBuffer();
    const location = start.headers.get('location');
    if (!location) throw new Error('upload start: no Location header');
    const put = new URL(location, this.base);
    put.searchParams.set('digest', digest);
    const res = await this.req(put.href, {
      method: 'PUT', body: data,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
    }, [201], `upload ${digest}`);
    await res.arrayBuffer();
    return true;
  }

  async manifest(ref: string, body: Buffer, mediaType: string, digest: string): Promise<void> {
    const url = `${this.base}/v2/${this.opts.repository}/manifests/${ref}`;
    const res = await this.req(url, { method: 'PUT', body, headers: { 'content-type': mediaType } }, [201], 'manifest PUT');
    await res.arrayBuffer();
    const got = res.headers.get('docker-content-digest');
    if (got && got !== digest) throw new Error(`manifest PUT ${ref}: registry says ${got}, expected ${digest}`);
  }

  async manifestRefs(body: Buffer, mediaType: string, digest: string): Promise<void> {
    const tags = this.opts.tags ?? [];
    for (const tag of tags) await this.manifest(tag, body, mediaType, digest);
    if (tags.length === 0 || this.opts.byDigest) await this.manifest(digest, body, mediaType, digest);
  }
}

async function pushImageWith(p: Pusher, image: BuiltImage, withRefs: boolean): Promise<PushResult> {
  const blobs: [string, Buffer][] = [[image.configDigest, image.config], ...image.layers.map((l): [string, Buffer] => [l.digest, l.blob])];
  const unique = [...new Map(blobs).entries()];
  const uploaded = await Promise.all(unique.map(([d, b]) => p.blob(d, b)));
  if (withRefs) await p.manifestRefs(image.manifest, image.manifestMediaType, image.manifestDigest);
  else await p.manifest(image.manifestDigest, image.manifest, image.manifestMediaType, image.manifestDigest);
  const n = uploaded.filter(Boolean).length;
  return { digest: image.manifestDigest, blobsUploaded: n, blobsSkipped: unique.length - n };
}

export async function pushImage(image: BuiltImage, opts: PushOptions): Promise<PushResult> {
  return pushImageWith(new Pusher(opts), image, true);
}

/** Pushes every manifest the index references (by digest), then the index itself. */
export async function pushIndex(index: BuiltIndex, opts: PushOptions): Promise<PushResult> {
  const p = new Pusher(opts);
  let blobsUploaded = 0;
  let blobsSkipped = 0;
  for (const image of index.manifests) {
    const r = await pushImageWith(p, image, false);
    blobsUploaded += r.blobsUploaded;
    blobsSkipped += r.blobsSkipped;
  }
  await p.manifestRefs(index.manifest, index.manifestMediaType, index.manifestDigest);
  return { digest: index.manifestDigest, blobsUploaded, blobsSkipped };
}
