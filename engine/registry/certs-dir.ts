// Per-registry TLS material in Docker's layout: <root>/<host[:port]>/ holds
// *.crt files (CAs trusted for that registry, on top of the system's) and
// *.cert + *.key pairs (client certificates, matched by base name). Roots
// are /etc/tscontain/certs.d then /etc/docker/certs.d (TSCONTAIN_CERTS_D,
// a ':'-separated list, replaces them), so certificates set up for Docker
// work here too. Read once per host for the client's life.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import * as tls from 'node:tls';
import { ConfigError } from '../errors.js';

export const DEFAULT_CERTS_DIRS = ['/etc/tscontain/certs.d', '/etc/docker/certs.d'];

export function certsDirsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env.TSCONTAIN_CERTS_D;
  return value ? value.split(':').filter(Boolean) : DEFAULT_CERTS_DIRS;
}

export interface HostTls {
  /** Trusted CAs (the defaults plus the host's *.crt), or undefined for the defaults only. */
  ca: string[] | undefined;
  cert: string | undefined;
  key: string | undefined;
  /** Directories that held anything, for messages. */
  sources: string[];
}

const NONE: HostTls = { ca: undefined, cert: undefined, key: undefined, sources: [] };

export class CertsDirs {
  private readonly cache = new Map<string, Promise<HostTls>>();

  constructor(readonly roots: readonly string[]) {}

  /** TLS options for 'host[:port]' ('[::1]:5000' too). */
  forHost(host: string): Promise<HostTls> {
    const key = host.toLowerCase();
    let found = this.cache.get(key);
    if (!found) {
      found = this.load(key);
      this.cache.set(key, found);
    }
    return found;
  }

  /** Where a CA for `host` goes, for hints. */
  suggestedDir(host: string): string {
    return join(this.roots[0] ?? DEFAULT_CERTS_DIRS[0]!, host);
  }

  private async load(host: string): Promise<HostTls> {
    if (host.includes('/') || host.startsWith('.')) return NONE;
    const cas: string[] = [];
    let cert: string | undefined;
    let key: string | undefined;
    const sources: string[] = [];
    for (const root of this.roots) {
      const dir = join(root, host);
      let names: string[];
      try {
        names = (await readdir(dir)).sort();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
        throw new ConfigError(dir, `cannot read: ${(err as Error).message}`, { cause: err });
      }
      let used = false;
      for (const name of names) {
        if (name.endsWith('.crt')) {
          cas.push(await readPem(join(dir, name)));
          used = true;
        } else if (name.endsWith('.cert')) {
          const keyName = `${name.slice(0, -'.cert'.length)}.key`;
          if (!names.includes(keyName)) throw new ConfigError(join(dir, name), `client certificate without its key ${keyName}`, { hint: `put the key in ${join(dir, keyName)} or remove the certificate` });
          if (cert === undefined) {
            cert = await readPem(join(dir, name));
            key = await readPem(join(dir, keyName));
          }
          used = true;
        } else if (name.endsWith('.key')) {
          const certName = `${name.slice(0, -'.key'.length)}.cert`;
          if (!names.includes(certName)) throw new ConfigError(join(dir, name), `client key without its certificate ${certName}`, { hint: `put the certificate in ${join(dir, certName)} or remove the key` });
        }
      }
      if (used) sources.push(dir);
    }
    return { ca: cas.length ? [...defaultCas(), ...cas] : undefined, cert, key, sources };
  }
}

async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
}

/** What Node trusts by default (bundled roots plus NODE_EXTRA_CA_CERTS where the runtime can say). */
function defaultCas(): string[] {
  const get = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  return get ? get('default') : [...rootCertificates];
}
