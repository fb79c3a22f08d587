// A layer blob as a stream of its compressed bytes, verified as they flow:
// more bytes than the descriptor's size fail at once (SizeMismatchError,
// before the excess reaches the consumer); at the end the digest must match
// (DigestMismatchError). A connection that breaks or closes early is resumed
// with `Range: bytes=N-`, accepting only a 206 whose Content-Range starts at
// N; bytes already handed on cannot be taken back, so a server that answers
// a Range with the whole blob fails the download clearly instead.
import { RegistryError, SizeMismatchError, DigestMismatchError, AbortedError } from '../errors.js';
import { splitDigest } from '../reference/digest.js';
import type { RetryInfo, RetryPolicy, SleepFn } from './config.js';
import type { Descriptor } from './descriptor.js';
import { Digester } from './digester.js';
import { header, readChunks, readErrorBody, type HttpResponse } from './http.js';
import { describeErrorBody, NetworkError, protocolError, unexpectedStatus } from './registry-errors.js';
import type { Transport } from './request.js';
import { backoffDelay } from './retry.js';
import { sourceFetchOptions, sourceUrl, type BlobSource } from './source.js';

export interface BlobOptions {
  signal?: AbortSignal | undefined;
  /** Bytes received and verified so far (compressed). */
  onProgress?: ((done: number) => void) | undefined;
  /** Before each retry of a request or resume of a broken download. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

export interface BlobStreamDeps {
  transport: Transport;
  policy: RetryPolicy;
  sleep: SleepFn;
  random: () => number;
}

/** Internal: the body ended or broke before `size` bytes; resumable. */
class Interrupted extends Error {}

export async function* streamBlob(deps: BlobStreamDeps, source: BlobSource, desc: Descriptor, opts: BlobOptions): AsyncGenerator<Buffer> {
  const host = source.endpoint.host;
  const what = `blob ${desc.digest}`;
  const digester = new Digester(splitDigest(desc.digest).algorithm);
  let done = 0;
  let resumes = 0;
  for (;;) {
    try {
      const res = await deps.transport.fetch(sourceUrl(source, 'blobs', desc.digest), sourceFetchOptions(source, {
        headers: done > 0 ? { range: `bytes=${done}-` } : {},
        signal: opts.signal,
        onRetry: opts.onRetry,
      }));
      await checkResponse(res, desc, done, source, deps.policy.timeoutMs, opts.signal);
      for await (const chunk of readChunks(res, { timeoutMs: deps.policy.timeoutMs, signal: opts.signal })) {
        if (done + chunk.length > desc.size) {
          throw new SizeMismatchError(what, desc.size, done + chunk.length, { fields: { digest: desc.digest } });
        }
        digester.update(chunk);
        done += chunk.length;
        opts.onProgress?.(done);
        yield chunk;
      }
      if (done < desc.size) throw new Interrupted(`${host} closed the download at byte ${done} of ${desc.size}`);
      break;
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
      const reason = err instanceof Interrupted ? err.message : err instanceof NetworkError && err.kind !== 'refused' ? `${err.host}: ${err.detail}` : undefined;
      if (reason === undefined) throw err;
      if (resumes >= deps.policy.blobResumes) {
        if (err instanceof NetworkError) {
          throw new RegistryError('REGISTRY_UNREACHABLE', `${host}: the download of blob ${desc.digest} broke ${resumes + 1} times, last at byte ${done} of ${desc.size}: ${err.detail}`, {
            hint: 'the connection to the registry is unstable; pull again (finished layers are kept)',
            cause: err,
            fields: { host, digest: desc.digest, done },
          });
        }
        throw new SizeMismatchError(what, desc.size, done, { fields: { digest: desc.digest }, hint: `the download broke ${resumes + 1} times; try again later` });
      }
      resumes++;
      const delayMs = backoffDelay(resumes, deps.policy, deps.random);
      opts.onRetry?.({ attempt: resumes, reason: `${reason}; resuming at byte ${done}`, delayMs });
      await deps.sleep(delayMs, opts.signal);
    }
  }
  const actual = digester.digest();
  if (actual !== desc.digest) throw new DigestMismatchError(what, desc.digest, actual);
}

async function checkResponse(res: HttpResponse, desc: Descriptor, done: number, source: BlobSource, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const host = res.url.host;
  if (res.status === 404) {
    const detail = describeErrorBody(await readErrorBody(res, { timeoutMs, signal }));
    throw new RegistryError('BLOB_UNKNOWN', `blob ${desc.digest} of ${source.display} not found on ${source.endpoint.host}${detail ? `: ${detail}` : ''}`, {
      hint: 'the registry lost a layer of this image; push it again or pull another tag',
      fields: { digest: desc.digest, host: source.endpoint.host },
    });
  }
  if (done === 0) {
    if (res.status !== 200) throw unexpectedStatus(host, res.status, `blob ${desc.digest}`, describeErrorBody(await readErrorBody(res, { timeoutMs, signal })));
    const length = header(res, 'content-length');
    if (length !== undefined && Number(length) !== desc.size) {
      throw new SizeMismatchError(`blob ${desc.digest}`, desc.size, Number(length), { fields: { digest: desc.digest } });
    }
    return;
  }
  if (res.status !== 206) {
    throw new RegistryError('REGISTRY_PROTOCOL', `${host}: cannot resume blob ${desc.digest} at byte ${done}: the server answered the Range request with HTTP ${res.status}, and ${done} bytes were already used, so the download cannot restart from zero`, {
      hint: 'pull again; if it keeps failing, the registry or a proxy in front of it does not support resuming downloads',
      fields: { host, digest: desc.digest, status: res.status },
    });
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(res, 'content-range') ?? '');
  const [start, end, total] = range ? [Number(range[1]), Number(range[2]), range[3]] : [NaN, NaN, ''];
  if (!range || start !== done || end < start || end >= desc.size || (total !== '*' && Number(total) !== desc.size)) {
    throw protocolError(host, `resuming blob ${desc.digest} at byte ${done}: Content-Range ${JSON.stringify(header(res, 'content-range') ?? '')} does not match`);
  }
}
