// Which servers to ask for a registry: docker.io means its mirrors in order,
// then registry-1.docker.io; any other registry is itself. Insecure hosts
// (Docker's rules: a listed host:port, or an address inside a listed CIDR,
// 127.0.0.0/8 always) skip certificate checks, and when written without a
// scheme they are tried over HTTPS first and over plain HTTP if that fails.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../errors.js';
import type { RegistryConfig } from './config.js';

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_HOST = 'registry-1.docker.io';

export interface Endpoint {
  /** The registry the reference names: 'docker.io', 'localhost:5000'. */
  registry: string;
  /** Scheme and authority, no path: 'https://registry-1.docker.io'. */
  url: string;
  /** host[:port] of url: 'registry-1.docker.io', '[::1]:5000'. */
  host: string;
  mirror: boolean;
  /** Certificates are not verified. */
  insecure: boolean;
  /** Written without a scheme and insecure: fall back from https to http. */
  httpFallback: boolean;
  /** Name credentials are looked up by. */
  credentialKey: string;
}

export class InsecureRegistries {
  private readonly names = new Set<string>();
  private readonly cidrs = new BlockList();
  private readonly cache = new Map<string, Promise<boolean>>();

  /** `resolve` maps a hostname to its addresses (injectable for tests). */
  constructor(entries: readonly string[], private readonly resolve: (hostname: string) => Promise<string[]> = resolveAll) {
    this.cidrs.addSubnet('127.0.0.0', 8, 'ipv4');
    for (const raw of entries) {
      const entry = raw.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase();
      const slash = entry.indexOf('/');
      if (slash < 0) {
        this.names.add(entry);
        continue;
      }
      const address = entry.slice(0, slash);
      const prefix = Number(entry.slice(slash + 1));
      const family = isIP(address);
      if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new ConfigError('"insecure-registries"', `"${raw}" is neither host[:port] nor a CIDR`);
      }
      this.cidrs.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** host[:port] as written in a reference or URL ('[::1]:5000' too). */
  isInsecure(host: string): Promise<boolean> {
    const key = host.toLowerCase();
    let result = this.cache.get(key);
    if (!result) {
      result = this.check(key);
      this.cache.set(key, result);
    }
    return result;
  }

  private async check(host: string): Promise<boolean> {
    if (this.names.has(host)) return true;
    const hostname = hostnameOf(host);
    if (this.names.has(hostname)) return true;
    if (isIP(hostname)) return this.inCidr(hostname);
    try {
      return (await this.resolve(hostname)).some((a) => this.inCidr(a));
    } catch {
      return false; // unresolvable: the connection attempt will report it
    }
  }

  private inCidr(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.cidrs.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

async function resolveAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true })).map((a) => a.address);
}

/** '[::1]:5000' -> '::1', 'host:5000' -> 'host'. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

/** `hubHost` replaces registry-1.docker.io (tests point docker.io at a local registry). */
export async function endpointsFor(registry: string, config: RegistryConfig, insecure: InsecureRegistries, hubHost = DOCKER_HUB_HOST): Promise<Endpoint[]> {
  if (registry !== DOCKER_HUB) return [await hostEndpoint(registry, registry, false, insecure)];
  const mirrors = await Promise.all(config.mirrors.map((m) => mirrorEndpoint(m, insecure)));
  return [...mirrors, await hostEndpoint(DOCKER_HUB, hubHost, false, insecure)];
}

async function hostEndpoint(registry: string, host: string, mirror: boolean, insecure: InsecureRegistries): Promise<Endpoint> {
  const isInsecure = await insecure.isInsecure(host);
  return { registry, url: `https://${host}`, host, mirror, insecure: isInsecure, httpFallback: isInsecure, credentialKey: mirror ? host : registry };
}

export async function mirrorEndpoint(text: string, insecure: InsecureRegistries): Promise<Endpoint> {
  const { url, explicitScheme } = parseMirror(text);
  if (!explicitScheme) return hostEndpoint(DOCKER_HUB, url.host, true, insecure);
  const isInsecure = await insecure.isInsecure(url.host);
  return { registry: DOCKER_HUB, url: url.origin, host: url.host, mirror: true, insecure: isInsecure, httpFallback: false, credentialKey: url.host };
}

/** A registry-mirrors entry: 'https://host[:port]', 'http://host[:port]' or 'host[:port]'. ConfigError otherwise. */
export function parseMirror(text: string): { url: URL; explicitScheme: boolean } {
  const explicitScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(explicitScheme ? text : `https://${text}`);
  } catch {
    throw new ConfigError('"registry-mirrors"', `"${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('"registry-mirrors"', `"${text}": only http and https mirrors are supported`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError('"registry-mirrors"', `"${text}": a mirror is scheme://host[:port] without a path, query or credentials`);
  }
  return { url, explicitScheme };
}
