// A small in-process HTTP(S) server on loopback for registry client tests:
// routes are matched newest first, so a test layers faults (`once`) over a
// working registry; every request is recorded with its headers.
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
  /** Remaining uses; Infinity for permanent routes. */
  left: number;
}

export interface StartOptions {
  /** '127.0.0.1' (default) or '::1'. */
  bind?: string;
  tls?: { key: string; cert: string };
}

export class FaultServer {
  readonly requests: Recorded[] = [];
  /** Connections that failed before a request (TLS attempts on the plain server, junk). */
  clientErrors = 0;
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly host: string, readonly url: string) {}

  static async start(opts: StartOptions = {}): Promise<FaultServer> {
    const bind = opts.bind ?? '127.0.0.1';
    const server: Server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }) : createHttpServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, bind, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const host = bind.includes(':') ? `[${bind}]:${port}` : `${bind}:${port}`;
    const self = new FaultServer(server, host, `${opts.tls ? 'https' : 'http'}://${host}`);
    server.on('connection', (socket: Socket) => {
      self.sockets.add(socket);
      socket.on('close', () => self.sockets.delete(socket));
    });
    server.on('tlsClientError', () => self.clientErrors++);
    server.on('clientError', (_err, socket: Socket) => {
      self.clientErrors++;
      socket.destroy();
    });
    server.on('request', (req, res) => void self.dispatch(req, res));
    return self;
  }

  /** A permanent route. */
  on(method: string, path: string | RegExp, handler: Handler): void {
    this.routes.unshift({ method, path, handler, left: Infinity });
  }

  /** A route used `times` times, then skipped (a transient fault). */
  once(method: string, path: string | RegExp, handler: Handler, times = 1): void {
    this.routes.unshift({ method, path, handler, left: times });
  }

  requestsTo(path: string | RegExp): Recorded[] {
    return this.requests.filter((r) => matches(path, r.path));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    const route = this.routes.find((r) => r.left > 0 && (r.method === '*' || r.method === req.method) && matches(r.path, url.pathname));
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'NOT_FOUND', message: `no route for ${url.pathname}` }] }));
      return;
    }
    route.left--;
    try {
      await route.handler(req, res, url);
    } catch (err) {
      res.destroy(err as Error);
    }
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

// ---- fault helpers --------------------------------------------------------

/** Sends headers announcing the whole body, writes `upTo` bytes, then cuts the connection. */
export function truncate(res: ServerResponse, body: Buffer, upTo: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream', ...headers });
  res.write(body.subarray(0, upTo), () => setTimeout(() => res.socket?.destroy(), 10));
}

/** Sends headers and then nothing, forever (until the client gives up). */
export function stall(res: ServerResponse, body?: Buffer, upTo = 0): void {
  res.writeHead(200, { 'content-length': body?.length ?? 1000, 'content-type': 'application/octet-stream' });
  if (body && upTo > 0) res.write(body.subarray(0, upTo));
}

export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...headers });
  res.end(body);
}

export function registryError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { errors: [{ code, message }] }, headers);
}

/** Serves `body`, honouring `Range: bytes=N-` with a 206 like distribution does. */
export function serveBytes(req: IncomingMessage, res: ServerResponse, body: Buffer, contentType = 'application/octet-stream'): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` });
      res.end();
      return;
    }
    res.writeHead(206, { 'content-type': contentType, 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}
