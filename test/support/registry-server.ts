// Starts Debian's real registry (`docker-registry`, distribution 2.8) on a free
// loopback port with a temporary filesystem storage, optionally behind
// htpasswd (Basic) or token (Bearer, Docker Hub style) auth.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bcryptHash } from './bcrypt.js';
import { freePort, LOOPBACK } from './free-port.js';
import { guard } from './process-guard.js';
import { startTokenServer, type RegistryUser, type TokenServer } from './token-server.js';

export type { RegistryUser, TokenServer } from './token-server.js';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export type RegistryOptions = {
  auth?: 'none' | 'htpasswd' | 'token';
  users?: RegistryUser[];
  anonymousPull?: boolean; // token auth: anonymous callers may pull
  tokenExpiresIn?: number; // token auth: seconds (default 300)
  binary?: string;
  /** Serve HTTPS with this certificate; with clientCaFile, demand a client certificate signed by it. */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
  /** Address to listen on (default 127.0.0.1; '::1' for IPv6 loopback). */
  listen?: string;
  /** Serve an existing storage directory (e.g. another registry's, to serve the same images over TLS). */
  storageDir?: string;
};

export type RegistryServer = {
  host: string; // '127.0.0.1:PORT' ('[::1]:PORT')
  url: string; // 'http://127.0.0.1:PORT' ('https://...' with tls)
  port: number;
  storageDir: string;
  logFile: string;
  pid: number;
  token?: TokenServer; // set with auth 'token'
  stop(): Promise<void>;
};

/** Why the registry cannot run here (a skip reason for tests), or undefined if it can. */
export function registrySkipReason(binary = REGISTRY_BINARY): string | undefined {
  return existsSync(binary) ? undefined : `${binary} not found: apt-get install docker-registry`;
}

function authConfig(opts: RegistryOptions, dir: string, token: TokenServer | undefined): object | undefined {
  if (opts.auth === 'htpasswd') {
    const path = join(dir, 'htpasswd');
    writeFileSync(path, (opts.users ?? []).map((u) => `${u.username}:${bcryptHash(u.password, { cost: 5 })}\n`).join(''));
    return { htpasswd: { realm: 'tscontain-test', path } };
  }
  if (token) {
    return { token: { realm: token.realm, service: token.service, issuer: token.issuer, rootcertbundle: token.certPath } };
  }
  return undefined;
}

function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
}

function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port }, () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, tcp?: { address: string; port: number }): Promise<'ready' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if (tcp) {
      // A TLS registry may demand a client certificate: being reachable is enough.
      if (await listening(tcp.address, tcp.port)) return 'ready';
      await sleep(50);
      continue;
    }
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return 'ready';
    } catch { /* not listening yet */ }
    await sleep(50);
  }
  throw new Error(`registry at ${url} did not answer GET /v2/ within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<RegistryServer> {
  const binary = opts.binary ?? REGISTRY_BINARY;
  const reason = registrySkipReason(binary);
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(join(tmpdir(), 'tscontain-registry-'));
  const entry: { pid?: number; dir?: string } = { dir };
  const unguard = guard(entry);
  const storageDir = opts.storageDir ?? join(dir, 'storage');
  if (!opts.storageDir) mkdirSync(storageDir);
  const address = opts.listen ?? LOOPBACK;
  const logFile = join(dir, 'registry.log');
  let token: TokenServer | undefined;
  try {
    if (opts.auth === 'token') {
      token = await startTokenServer({
        dir, anonymousPull: opts.anonymousPull ?? false,
        ...(opts.users ? { users: opts.users } : {}),
        ...(opts.tokenExpiresIn !== undefined ? { expiresIn: opts.tokenExpiresIn } : {}),
      });
    }
    const auth = authConfig(opts, dir, token);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort(address);
      const host = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
      const url = `${opts.tls ? 'https' : 'http'}://${host}`;
      const tls = opts.tls
        ? { tls: { certificate: opts.tls.certFile, key: opts.tls.keyFile, ...(opts.tls.clientCaFile ? { clientcas: [opts.tls.clientCaFile] } : {}) } }
        : {};
      const configPath = join(dir, 'config.yml');
      // YAML is a superset of JSON, so the config is written as JSON.
      writeFileSync(configPath, JSON.stringify({
        version: '0.1',
        log: { level: 'info', formatter: 'text', accesslog: { disabled: false } },
        storage: { filesystem: { rootdirectory: storageDir }, delete: { enabled: true } },
        http: { addr: host, ...tls, secret: randomBytes(16).toString('hex'), headers: { 'X-Content-Type-Options': ['nosniff'] } },
        health: { storagedriver: { enabled: false } },
        ...(auth ? { auth } : {}),
      }, null, 2));
      const logFd = openSync(logFile, 'a');
      // setpriv --pdeathsig: the registry dies with us even if we are SIGKILLed.
      const [cmd, args] = existsSync('/usr/bin/setpriv')
        ? ['/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', binary, 'serve', configPath]]
        : [binary, ['serve', configPath]];
      const child = spawn(cmd, args, { stdio: ['ignore', logFd, logFd], env: childEnv() });
      closeSync(logFd);
      entry.pid = child.pid;
      if ((await waitReady(url, child, 15_000, opts.tls ? { address, port } : undefined)) === 'ready') {
        let stopped: Promise<void> | undefined;
        const server: RegistryServer = {
          host, url, port, storageDir, logFile, pid: child.pid!,
          ...(token ? { token } : {}),
          stop: () => (stopped ??= (async () => {
            await stopChild(child);
            await token?.stop();
            rmSync(dir, { recursive: true, force: true });
            unguard();
          })()),
        };
        return server;
      }
      const log = readFileSync(logFile, 'utf8');
      if (!/address already in use/i.test(log) || attempt >= 5) {
        throw new Error(`registry exited at start (code ${child.exitCode}):\n${log.slice(-2000)}`);
      }
    }
  } catch (err) {
    await token?.stop();
    if (entry.pid) { try { process.kill(entry.pid, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(dir, { recursive: true, force: true });
    unguard();
    throw err;
  }
}
