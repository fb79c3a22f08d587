// A small but real HTTP proxy on loopback, as squid or tinyproxy would act:
// CONNECT tunnels (for https) and absolute-URI requests forwarded (for plain
// http), optional Basic proxy authentication, and its own name table
// (`hosts`) so tests can use names only the proxy can resolve, which proves
// traffic went through it. Every request is logged.
import http, { type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { LOOPBACK } from './free-port.js';

export type ProxyLogEntry = { method: string; target: string; authorization: string | undefined };

export type TestProxy = {
  url: string; // 'http://127.0.0.1:PORT'
  port: number;
  log: ProxyLogEntry[];
  stop(): Promise<void>;
};

export type ProxyOptions = {
  /** name -> address, consulted before DNS. */
  hosts?: Record<string, string>;
  /** Demand `Proxy-Authorization: Basic` with these. */
  credentials?: { username: string; password: string };
};

function splitTarget(target: string, defaultPort: number): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(target);
  if (!m) throw new Error(`bad target ${target}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : defaultPort };
}

export async function startProxy(opts: ProxyOptions = {}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const expected = opts.credentials
    ? `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString('base64')}`
    : undefined;
  const resolveHost = (host: string) => opts.hosts?.[host.toLowerCase()] ?? host;
  const authorised = (req: IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected;

  const server = http.createServer((req, res) => {
    log.push({ method: req.method ?? '', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test-proxy"' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URI required');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request({
      host: resolveHost(target.hostname.replace(/^\[|\]$/g, '')), port: Number(target.port || 80),
      method: req.method, path: target.pathname + target.search, headers, agent: false,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.once('error', () => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); });
    req.pipe(upstream);
  });
  server.on('connection', (s) => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    log.push({ method: 'CONNECT', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    if (!authorised(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const { host, port } = splitTarget(req.url ?? '', 443);
    let open = false;
    const upstream = connect({ host: resolveHost(host), port }, () => {
      open = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.once('error', () => (open ? client.destroy() : client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')));
    client.once('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    log,
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
