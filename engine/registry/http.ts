// One HTTP exchange over node:http/https, with nothing clever: no redirects,
// no retries, no auth (request.ts adds those). Socket failures become
// NetworkErrors, an abort becomes AbortedError, and bodies are read with an
// idle timer (so a stalled server cannot hang a pull) and a size cap (so a
// hostile one cannot exhaust memory). The idle timer runs only while we wait
// for data, never while a slow consumer holds the stream back.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AbortedError } from '../errors.js';
import { NetworkError, type NetworkErrorKind } from './registry-errors.js';
import type { HttpAgents, Route } from './routes.js';

export { HttpAgents } from './routes.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body: bytes, or a stream (uploads), sent with the caller's Content-Length. */
export type HttpBody = Buffer | Readable;

export interface HttpRequest {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: HttpBody | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Time allowed until the response headers arrive; with a body, the
   * longest the socket may sit idle (an upload of any size may take long).
   */
  timeoutMs: number;
  /** Skip certificate verification (insecure registries only). */
  tlsInsecure: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  url: URL;
  body: IncomingMessage;
}

export async function send(req: HttpRequest, agents: HttpAgents): Promise<HttpResponse> {
  if (req.signal?.aborted) throw new AbortedError({ cause: req.signal.reason });
  const route = await agents.route(req.url, req.tlsInsecure, req.headers);
  return exchange(req, route);
}

function exchange(req: HttpRequest, route: Route): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const host = req.url.host;
    let settled = false;
    const options = { ...route.options, method: req.method, ...(req.signal ? { signal: req.signal } : {}) };
    const outgoing = route.viaForwardProxy ? route.module.request(options) : route.module.request(req.url, options);
    const body = req.body;
    const timer = body === undefined || Buffer.isBuffer(body)
      ? setTimeout(() => outgoing.destroy(new NetworkError('timeout', host, `no response within ${req.timeoutMs} ms`)), req.timeoutMs)
      : undefined;
    if (timer === undefined) {
      outgoing.setTimeout(req.timeoutMs, () => outgoing.destroy(new NetworkError('timeout', host, `stalled: nothing sent or received for ${req.timeoutMs} ms`)));
    }
    outgoing.on('response', (res) => {
      clearTimeout(timer);
      settled = true;
      resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res });
    });
    outgoing.on('error', (err) => {
      clearTimeout(timer);
      if (body !== undefined && !Buffer.isBuffer(body)) body.destroy();
      if (settled) return; // the response stream reports its own failure
      settled = true;
      reject(mapNetworkFailure(err, host, req.signal, route.via));
    });
    if (body === undefined) outgoing.end();
    else if (Buffer.isBuffer(body)) outgoing.end(body);
    else {
      body.once('error', (err) => outgoing.destroy(err));
      body.pipe(outgoing);
    }
  });
}

export interface ReadOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** The body's chunks; a stall longer than timeoutMs, a reset or an abort throws. */
export async function* readChunks(res: HttpResponse, opts: ReadOptions): AsyncGenerator<Buffer> {
  const body = res.body;
  const host = res.url.host;
  const onAbort = () => body.destroy(new AbortedError({ cause: opts.signal?.reason }));
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const it = body[Symbol.asyncIterator]();
  try {
    for (;;) {
      const timer = setTimeout(() => body.destroy(new NetworkError('timeout', host, `stalled: no data for ${opts.timeoutMs} ms`)), opts.timeoutMs);
      let step: IteratorResult<Buffer>;
      try {
        step = (await it.next()) as IteratorResult<Buffer>;
      } catch (err) {
        throw mapNetworkFailure(err, host, opts.signal);
      } finally {
        clearTimeout(timer);
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (!body.readableEnded) body.destroy();
  }
}

/** Reads a whole body of at most `limit` bytes; `tooLarge` makes the error otherwise. */
export async function readBody(res: HttpResponse, limit: number, opts: ReadOptions, tooLarge: (size: number) => Error): Promise<Buffer> {
  const declared = Number(header(res, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    res.body.destroy();
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of readChunks(res, opts)) {
    total += chunk.length;
    if (total > limit) throw tooLarge(total);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Reads at most `limit` bytes of an error body, never failing. */
export async function readErrorBody(res: HttpResponse, opts: ReadOptions, limit = 64 * 1024): Promise<Buffer | undefined> {
  if (res.body.readableEnded) return undefined;
  try {
    return await readBody(res, limit, opts, () => new Error('error body too large'));
  } catch (err) {
    if (err instanceof AbortedError) throw err;
    return undefined;
  }
}

export function discard(res: HttpResponse): void {
  if (!res.body.readableEnded) res.body.destroy();
}

export function header(res: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

const CODE_KINDS: Record<string, NetworkErrorKind> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns', EAI_AGAIN: 'dns', EAI_NONAME: 'dns', EAI_FAIL: 'dns', EAI_NODATA: 'dns',
  EHOSTUNREACH: 'unreachable', ENETUNREACH: 'unreachable', EHOSTDOWN: 'unreachable', ENETDOWN: 'unreachable', EADDRNOTAVAIL: 'unreachable',
  ECONNRESET: 'reset', EPIPE: 'reset', ECONNABORTED: 'reset', ERR_STREAM_PREMATURE_CLOSE: 'reset', UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  EPROTO: 'tls',
};

/** Turns whatever a socket threw into AbortedError or a NetworkError. */
export function mapNetworkFailure(err: unknown, host: string, signal?: AbortSignal, via?: string): Error {
  if (err instanceof AbortedError || err instanceof NetworkError) return err;
  if (signal?.aborted || (err as Error)?.name === 'AbortError') return new AbortedError({ cause: signal?.reason ?? err });
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  let kind = CODE_KINDS[code];
  if (!kind && /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code)) kind = 'tls';
  const message = e?.message
    ?.replace(/; if the root CA is installed locally.*$/s, '')
    .replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:/, '')
    .replace(/:[^:\s]*deps\/openssl\/[^:]*:\d+:/, ': ');
  const detail = [code, message, via ? `(via proxy ${via})` : ''].filter(Boolean).join(' ');
  return new NetworkError(kind ?? 'reset', host, detail || String(err), { cause: err, code });
}
