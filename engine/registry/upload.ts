// The write half of the distribution API for one repository: does a blob
// exist (HEAD), mount it from another repository, upload it in one PUT or
// in PATCH chunks, and PUT a manifest. Auth asks for pull,push on the
// repository (and pull on the mount sources, in the same token).
//
//   const up = client.uploader(ref, { readFrom: ['test/a'] });
//   await up.exists(digest)                  -> boolean
//   await up.mount(digest, 'test/a')         -> true, or false when the registry declined
//   await up.upload({ digest, size, open, chunkSize?, onProgress? })
//   await up.putManifest('v1', bytes, mediaType) -> the registry's digest
//
// Blob uploads are not retried here (a half-written session cannot be
// trusted); the caller restarts the whole upload, which is what Docker does.
import { pipeline, Transform, type Readable } from 'node:stream';
import { RegistryError } from '../errors.js';
import { computeDigest } from './digester.js';
import { discard, header, readErrorBody, type HttpResponse } from './http.js';
import { describeErrorBody, protocolError, unexpectedStatus } from './registry-errors.js';
import type { FetchOptions, Transport } from './request.js';
import { authTarget, sourceUrl, type BlobSource } from './source.js';

export interface UploadBlob {
  digest: string;
  size: number;
  /** A fresh stream of bytes [start, end] (inclusive) of the blob. */
  open: (start: number, end: number) => Readable;
  /** Blobs larger than this go up in PATCH chunks of this size (default: one PUT). */
  chunkSize?: number | undefined;
  /** Bytes sent so far in this attempt. */
  onProgress?: ((done: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export class RegistryUploader {
  constructor(
    private readonly transport: Transport,
    readonly source: BlobSource,
    private readonly readFrom: string[],
    private readonly timeoutMs: number,
  ) {}

  get host(): string {
    return this.source.endpoint.host;
  }

  async exists(digest: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.fetch(sourceUrl(this.source, 'blobs', digest), { method: 'HEAD', signal });
    discard(res);
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw unexpectedStatus(res.url.host, res.status, `HEAD blob ${digest}`);
  }

  /** Cross-repository mount; false means the registry started an upload instead (ignored). */
  async mount(digest: string, from: string, signal?: AbortSignal): Promise<boolean> {
    const url = this.uploadsUrl();
    url.searchParams.set('mount', digest);
    url.searchParams.set('from', from);
    const res = await this.fetch(url, { method: 'POST', signal, headers: { 'content-length': '0' }, attempts: 1 });
    if (res.status === 201) {
      discard(res);
      return true;
    }
    if (res.status === 202) {
      await this.cancel(res, signal);
      return false;
    }
    throw await this.failure(res, `mounting blob ${digest} from ${from}`, signal);
  }

  async upload(blob: UploadBlob): Promise<void> {
    const { signal } = blob;
    const start = await this.fetch(this.uploadsUrl(), { method: 'POST', signal, headers: { 'content-length': '0' }, attempts: 1 });
    if (start.status !== 202) throw await this.failure(start, `starting the upload of blob ${blob.digest}`, signal);
    let location = this.location(start);
    discard(start);
    let sent = 0;
    const chunk = blob.chunkSize !== undefined && blob.chunkSize > 0 && blob.size > blob.chunkSize ? blob.chunkSize : undefined;
    if (chunk !== undefined) {
      while (sent < blob.size) {
        const end = Math.min(blob.size, sent + chunk) - 1;
        const from = sent;
        const res = await this.fetch(location, {
          method: 'PATCH', signal, attempts: 1,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(end - from + 1), 'content-range': `${from}-${end}` },
          body: () => counted(blob.open(from, end), (n) => blob.onProgress?.(from + n)),
        });
        if (res.status !== 202) throw await this.failure(res, `uploading bytes ${from}-${end} of blob ${blob.digest}`, signal);
        location = this.location(res);
        discard(res);
        sent = end + 1;
      }
    }
    const put = new URL(location.href);
    put.searchParams.set('digest', blob.digest);
    const last = sent;
    const res = await this.fetch(put, {
      method: 'PUT', signal, attempts: 1,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size - last) },
      body: last < blob.size ? () => counted(blob.open(last, blob.size - 1), (n) => blob.onProgress?.(last + n)) : () => Buffer.alloc(0),
    });
    if (res.status !== 201) throw await this.failure(res, `finishing the upload of blob ${blob.digest}`, signal);
    discard(res);
  }

  /** PUT a manifest by tag or digest; returns its digest (checked against the registry's). */
  async putManifest(reference: string, bytes: Buffer, mediaType: string, signal?: AbortSignal): Promise<string> {
    const digest = computeDigest(bytes);
    const res = await this.fetch(sourceUrl(this.source, 'manifests', reference), {
      method: 'PUT', signal,
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
      body: () => bytes,
    });
    if (res.status !== 201 && res.status !== 200) throw await this.failure(res, `storing the manifest ${reference}`, signal);
    const announced = header(res, 'docker-content-digest');
    discard(res);
    if (announced !== undefined && announced !== digest) {
      throw protocolError(this.host, `the registry stored manifest ${reference} as ${announced}, but its bytes hash to ${digest}`);
    }
    return digest;
  }

  private uploadsUrl(): URL {
    return new URL(`${this.source.endpoint.url}/v2/${this.source.repository}/blobs/uploads/`);
  }

  private location(res: HttpResponse): URL {
    const value = header(res, 'location');
    if (!value) throw protocolError(this.host, `upload answer (HTTP ${res.status}) without a Location`);
    try {
      const url = new URL(value, res.url);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url;
    } catch {
      // reported below
    }
    throw protocolError(this.host, `upload Location ${JSON.stringify(value.slice(0, 100))} is not an http(s) URL`);
  }

  /** Abandons an upload session the registry opened for us (best effort). */
  private async cancel(res: HttpResponse, signal?: AbortSignal): Promise<void> {
    let url: URL | undefined;
    try {
      url = this.location(res);
    } catch {
      url = undefined;
    }
    discard(res);
    if (!url) return;
    const del = await this.fetch(url, { method: 'DELETE', signal, attempts: 1 }).catch(() => undefined);
    if (del) discard(del);
  }

  private async failure(res: HttpResponse, what: string, signal?: AbortSignal): Promise<RegistryError> {
    const detail = describeErrorBody(await readErrorBody(res, { timeoutMs: this.timeoutMs, signal }));
    if (res.status === 404 && /blob upload unknown|upload unknown/i.test(detail)) {
      return new RegistryError('REGISTRY_PROTOCOL', `${this.host}: ${what}: the registry forgot the upload (${detail})`, {
        fields: { host: this.host, status: res.status },
      });
    }
    return unexpectedStatus(res.url.host, res.status, what, detail);
  }

  private fetch(url: URL, extra: Omit<FetchOptions, 'tlsInsecure' | 'httpFallback' | 'auth'>) {
    const target = { ...authTarget(this.source), push: true, readFrom: this.readFrom };
    return this.transport.fetch(url, {
      ...extra, auth: target, tlsInsecure: this.source.endpoint.insecure, httpFallback: this.source.endpoint.httpFallback,
    });
  }
}

/** The same bytes, reporting how many have gone by. */
function counted(stream: Readable, onBytes: (n: number) => void): Readable {
  let n = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onBytes(n);
      done(null, chunk);
    },
  });
  // pipeline carries errors and destruction both ways.
  pipeline(stream, tap, () => undefined);
  return tap;
}
