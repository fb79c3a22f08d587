// How one request reaches its server: directly, through an HTTP proxy as an
// absolute-URI request (plain http targets), or through a CONNECT tunnel
// (https targets, TLS end to end with the registry). TLS verification uses
// the host's certs.d material (certs-dir.ts). Keep-alive sockets are pooled
// per target, per TLS material and per proxy.
import http, { type RequestOptions } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { CertsDirs, certsDirsFromEnv } from './certs-dir.js';
import { proxyAuthorization, proxyDisplay, ProxyResolver, proxySettingsFromEnv } from './proxy-env.js';
import { NetworkError } from './registry-errors.js';

export interface Route {
  module: typeof http | typeof https;
  /** Options for module.request(url?, options). */
  options: RequestOptions & tls.ConnectionOptions;
  /** true: call module.request(options) alone (absolute-URI request to a proxy). */
  viaForwardProxy: boolean;
  /** The proxy used, for messages. */
  via: string | undefined;
}

const TUNNEL_TIMEOUT_MS = 30_000;

/** Keep-alive agents shared by one client; idle sockets do not hold the process open. */
export class HttpAgents {
  readonly http = new http.Agent({ keepAlive: true });
  readonly https = new https.Agent({ keepAlive: true });
  private readonly proxyAgents = new Map<string, http.Agent>();
  private readonly tunnels = new Map<string, TunnelAgent>();

  constructor(
    readonly proxies: ProxyResolver = new ProxyResolver(proxySettingsFromEnv()),
    readonly certs: CertsDirs = new CertsDirs(certsDirsFromEnv()),
  ) {}

  async route(url: URL, tlsInsecure: boolean, headers: Record<string, string>): Promise<Route> {
    const proxy = this.proxies.proxyFor(url);
    const via = proxy ? proxyDisplay(proxy) : undefined;
    if (url.protocol !== 'https:') {
      if (!proxy) return { module: http, options: { headers, agent: this.http }, viaForwardProxy: false, via };
      const auth = proxyAuthorization(proxy);
      const secureProxy = proxy.protocol === 'https:';
      return {
        module: secureProxy ? https : http,
        options: {
          host: proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.port || (secureProxy ? 443 : 80)), path: url.href,
          headers: { ...headers, host: url.host, ...(auth ? { 'proxy-authorization': auth } : {}) },
          agent: this.proxyAgent(proxy),
        },
        viaForwardProxy: true,
        via,
      };
    }
    const material = await this.certs.forHost(url.host);
    const options: Route['options'] = {
      headers,
      rejectUnauthorized: !tlsInsecure,
      ...(material.ca ? { ca: material.ca } : {}),
      ...(material.cert ? { cert: material.cert, key: material.key } : {}),
      agent: proxy ? this.tunnel(proxy) : this.https,
    };
    return { module: https, options, viaForwardProxy: false, via };
  }

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
    for (const agent of this.proxyAgents.values()) agent.destroy();
    for (const agent of this.tunnels.values()) agent.destroy();
  }

  private proxyAgent(proxy: URL): http.Agent {
    let agent = this.proxyAgents.get(proxy.href);
    if (!agent) {
      agent = proxy.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
      this.proxyAgents.set(proxy.href, agent);
    }
    return agent;
  }

  private tunnel(proxy: URL): TunnelAgent {
    let agent = this.tunnels.get(proxy.href);
    if (!agent) {
      agent = new TunnelAgent(proxy);
      this.tunnels.set(proxy.href, agent);
    }
    return agent;
  }
}

/** An https agent whose sockets are TLS over a CONNECT tunnel through `proxy`. */
class TunnelAgent extends https.Agent {
  constructor(private readonly proxy: URL) {
    super({ keepAlive: true });
  }

  // Node's Agent accepts a socket handed to the callback later (an async dial).
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    const host = options.host ?? 'localhost';
    const port = Number(options.port ?? 443);
    openTunnel(this.proxy, host, port).then(
      (socket) => callback?.(null, tls.connect({ ...(options as tls.ConnectionOptions), socket })),
      (err: Error) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** A socket to host:port through the proxy's CONNECT. */
export function openTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const auth = proxyAuthorization(proxy);
  const secureProxy = proxy.protocol === 'https:';
  const display = proxyDisplay(proxy);
  return new Promise((resolve, reject) => {
    const req = (secureProxy ? https : http).request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''), port: proxy.port || (secureProxy ? 443 : 80),
      method: 'CONNECT', path: target, agent: false,
      headers: { host: target, ...(auth ? { 'proxy-authorization': auth } : {}) },
      timeout: TUNNEL_TIMEOUT_MS,
    });
    req.once('connect', (res, socket, head) => {
      if (res.statusCode === 200) {
        if (head.length) socket.unshift(head);
        resolve(socket);
        return;
      }
      socket.destroy();
      const why = res.statusCode === 407
        ? `proxy ${display} wants credentials (HTTP 407): put them in the proxy URL, http://user:password@host:port`
        : `proxy ${display} refused the tunnel to ${target} (HTTP ${res.statusCode} ${res.statusMessage ?? ''})`.trim();
      reject(new NetworkError('proxy', target, why));
    });
    req.once('timeout', () => req.destroy(new NetworkError('proxy', target, `proxy ${display} did not open the tunnel within ${TUNNEL_TIMEOUT_MS} ms`)));
    req.once('error', (err) => {
      reject(err instanceof NetworkError ? err : new NetworkError('proxy', target, `proxy ${display}: ${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim(), { cause: err }));
    });
    req.end();
  });
}
