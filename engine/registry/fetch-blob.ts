// A small blob (an image config) read whole into memory, capped, and
// verified against its descriptor's digest and size.
import { RegistryError, SizeMismatchError } from '../errors.js';
import type { Descriptor } from './descriptor.js';
import { verifyContent } from './digester.js';
import { readBody, readErrorBody } from './http.js';
import { describeErrorBody, protocolError, unexpectedStatus } from './registry-errors.js';
import type { Transport } from './request.js';
import { sourceFetchOptions, sourceUrl, type BlobSource } from './source.js';

export interface SmallBlobOptions {
  signal?: AbortSignal | undefined;
  attempts?: number | undefined;
  timeoutMs: number;
  limit: number;
  /** For messages: 'image config'. */
  what: string;
}

export async function fetchSmallBlob(transport: Transport, source: BlobSource, desc: Descriptor, opts: SmallBlobOptions): Promise<Buffer> {
  const host = source.endpoint.host;
  if (desc.size > opts.limit) throw protocolError(host, `${opts.what} ${desc.digest} is ${desc.size} bytes, over the ${opts.limit}-byte limit`);
  const res = await transport.fetch(sourceUrl(source, 'blobs', desc.digest), sourceFetchOptions(source, { signal: opts.signal, attempts: opts.attempts }));
  const readOpts = { timeoutMs: opts.timeoutMs, signal: opts.signal };
  if (res.status === 404) {
    const detail = describeErrorBody(await readErrorBody(res, readOpts));
    throw new RegistryError('BLOB_UNKNOWN', `${opts.what} ${desc.digest} of ${source.display} not found on ${host}${detail ? `: ${detail}` : ''}`, {
      fields: { digest: desc.digest, host },
    });
  }
  if (res.status !== 200) throw unexpectedStatus(res.url.host, res.status, `${opts.what} ${desc.digest}`, describeErrorBody(await readErrorBody(res, readOpts)));
  const what = `${opts.what} ${desc.digest}`;
  const bytes = await readBody(res, desc.size, readOpts, (size) => new SizeMismatchError(what, desc.size, size, { fields: { digest: desc.digest } }));
  verifyContent(what, bytes, desc.digest, desc.size);
  return bytes;
}
