// GET one manifest or index, capped in size, verified against its digest
// (by-digest fetches against the requested digest; by-tag fetches against
// Docker-Content-Digest when the registry sends one) and parsed.
import { RegistryError } from '../errors.js';
import { isValidDigest } from '../reference/digest.js';
import type { Descriptor } from './descriptor.js';
import { computeDigest, verifyContent } from './digester.js';
import { header, readBody, readErrorBody } from './http.js';
import { MAX_MANIFEST_BYTES, parseManifest, type Manifest } from './manifest.js';
import { MANIFEST_ACCEPT, manifestKind } from './media-types.js';
import { describeErrorBody, protocolError, unexpectedStatus } from './registry-errors.js';
import type { Transport } from './request.js';
import { sourceFetchOptions, sourceUrl, type BlobSource } from './source.js';

export interface FetchedManifest {
  bytes: Buffer;
  /** sha256 of the bytes: the identity the store uses. */
  digest: string;
  mediaType: string;
  manifest: Manifest;
}

export interface ManifestFetchOptions {
  signal?: AbortSignal | undefined;
  attempts?: number | undefined;
  timeoutMs: number;
  /** The descriptor pointing at it (index entries): size and digest must match. */
  expected?: Descriptor | undefined;
  /** For the not-found message: 'alpine:3.19'. */
  shownAs: string;
}

export async function fetchManifest(transport: Transport, source: BlobSource, reference: string, opts: ManifestFetchOptions): Promise<FetchedManifest> {
  const host = source.endpoint.host;
  if (opts.expected && opts.expected.size > MAX_MANIFEST_BYTES) {
    throw protocolError(host, `manifest ${opts.expected.digest} is ${opts.expected.size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
  }
  const res = await transport.fetch(sourceUrl(source, 'manifests', reference), sourceFetchOptions(source, {
    headers: { accept: MANIFEST_ACCEPT },
    signal: opts.signal,
    attempts: opts.attempts,
  }));
  const readOpts = { timeoutMs: opts.timeoutMs, signal: opts.signal };
  if (res.status === 404) {
    const detail = describeErrorBody(await readErrorBody(res, readOpts)) || 'manifest unknown';
    throw new RegistryError('MANIFEST_UNKNOWN', `manifest for ${opts.shownAs} not found: ${detail}`, {
      hint: 'check the name and tag (`tscontain pull NAME:TAG`)',
      fields: { reference: opts.shownAs, host },
    });
  }
  if (res.status !== 200) {
    throw unexpectedStatus(res.url.host, res.status, `manifest ${reference}`, describeErrorBody(await readErrorBody(res, readOpts)));
  }
  const bytes = await readBody(res, MAX_MANIFEST_BYTES, readOpts, (size) =>
    protocolError(host, `manifest ${reference} is over the ${MAX_MANIFEST_BYTES}-byte limit (${size} bytes)`));

  const what = `manifest ${opts.shownAs}`;
  if (isValidDigest(reference)) verifyContent(what, bytes, reference, opts.expected?.size);
  else {
    const announced = header(res, 'docker-content-digest');
    if (announced !== undefined) {
      if (!isValidDigest(announced)) throw protocolError(host, `invalid Docker-Content-Digest ${JSON.stringify(announced.slice(0, 80))}`);
      verifyContent(what, bytes, announced);
    }
  }
  const manifest = parseManifest(bytes, header(res, 'content-type'), host);
  if (opts.expected && manifestKind(opts.expected.mediaType) !== manifest.kind) {
    throw protocolError(host, `manifest ${reference} is a ${manifest.mediaType} but its index entry says ${opts.expected.mediaType}`);
  }
  return { bytes, digest: computeDigest(bytes, 'sha256'), mediaType: manifest.mediaType, manifest };
}
