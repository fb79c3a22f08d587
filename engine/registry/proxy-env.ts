// Which proxy a registry request goes through, by the rules Docker and
// containerd inherit from Go (golang.org/x/net/http/httpproxy), so one
// environment means the same thing to every tool on the host:
// - HTTPS_PROXY for https URLs, HTTP_PROXY for http ones; the upper-case name
//   wins over the lower-case one; a value without a scheme means http://.
// - "localhost" and loopback addresses are never proxied.
// - NO_PROXY is a comma-separated list: "*" (nothing is proxied), an IP
//   ("10.0.0.1", "[::1]:5000" with a port), a CIDR ("10.0.0.0/8", ports not
//   allowed), "example.com" (that host and its subdomains), ".example.com"
//   or "*.example.com" (subdomains only), any of them with ":port" to match
//   only that port.
// - Under CGI (REQUEST_METHOD set) HTTP_PROXY may come from a client's
//   "Proxy:" header (httpoxy), so it is ignored there.
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../errors.js';

export interface ProxySettings {
  httpProxy: URL | undefined;
  httpsProxy: URL | undefined;
  noProxy: string;
}

type Matcher = (host: string, port: string, ip: string | undefined) => boolean;

export class ProxyResolver {
  private readonly all: boolean = false;
  private readonly ipMatchers: Matcher[] = [];
  private readonly domainMatchers: Matcher[] = [];

  constructor(readonly settings: ProxySettings) {
    for (const raw of settings.noProxy.split(',')) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      if (entry === '*') {
        this.all = true;
        return;
      }
      const cidr = parseCidr(entry);
      if (cidr) {
        this.ipMatchers.push((_h, _p, ip) => ip !== undefined && cidr.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6'));
        continue;
      }
      let { host, port } = splitHostPort(entry) ?? { host: entry, port: '' };
      if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
      if (!host) continue;
      if (isIP(host)) {
        const want = canonicalIp(host);
        this.ipMatchers.push((_h, p, ip) => ip !== undefined && canonicalIp(ip) === want && (port === '' || port === p));
        continue;
      }
      if (host.startsWith('*.')) host = host.slice(1);
      const matchHost = !host.startsWith('.');
      const suffix = matchHost ? `.${host}` : host;
      this.domainMatchers.push((h, p) => (h.endsWith(suffix) || (matchHost && h === suffix.slice(1))) && (port === '' || port === p));
    }
  }

  /** The proxy for `url`, or undefined to connect directly. */
  proxyFor(url: URL): URL | undefined {
    const proxy = url.protocol === 'https:' ? this.settings.httpsProxy : url.protocol === 'http:' ? this.settings.httpProxy : undefined;
    if (!proxy || !this.useProxy(url)) return undefined;
    return proxy;
  }

  private useProxy(url: URL): boolean {
    if (this.all) return false;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (host === 'localhost') return false;
    const ip = isIP(host) ? host : undefined;
    if (ip && isLoopback(ip)) return false;
    if (ip && this.ipMatchers.some((m) => m(host, port, ip))) return false;
    return !this.domainMatchers.some((m) => m(host, port, ip));
  }
}

/** Reads the proxy variables; a proxy URL that cannot be used is a ConfigError naming the variable. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const pick = (upper: string) => {
    const lower = upper.toLowerCase();
    if (env[upper]) return { name: upper, value: env[upper]! };
    if (env[lower]) return { name: lower, value: env[lower]! };
    return undefined;
  };
  const http = env.REQUEST_METHOD ? undefined : pick('HTTP_PROXY');
  const https = pick('HTTPS_PROXY');
  return {
    httpProxy: http ? parseProxyUrl(http.name, http.value) : undefined,
    httpsProxy: https ? parseProxyUrl(https.name, https.value) : undefined,
    noProxy: pick('NO_PROXY')?.value ?? '',
  };
}

export function parseProxyUrl(name: string, value: string): URL {
  const text = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    url = undefined;
  }
  if (!url || !url.hostname) throw new ConfigError(name, `"${value}" is not a proxy URL`, { hint: `set ${name} to http://host:port` });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `"${url.protocol.slice(0, -1)}" proxies are not supported (only http:// and https://)`, { hint: `set ${name} to an http:// proxy` });
  }
  return url;
}

/** The Proxy-Authorization header for credentials in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
}

/** 'host:port' of a proxy URL, for messages (never its credentials). */
export function proxyDisplay(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function splitHostPort(entry: string): { host: string; port: string } | undefined {
  const m = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(entry);
  return m ? { host: m[1]!, port: m[2]! } : undefined;
}

function parseCidr(entry: string): BlockList | undefined {
  const slash = entry.indexOf('/');
  if (slash < 0) return undefined;
  const address = entry.slice(0, slash);
  const bits = entry.slice(slash + 1);
  const family = isIP(address);
  if (!family || !/^\d+$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128)) return undefined;
  const list = new BlockList();
  list.addSubnet(address, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
  return list;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

function isLoopback(ip: string): boolean {
  return LOOPBACK.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** One spelling per IPv6 address ('0:0::1' and '::1' are equal). */
function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}
