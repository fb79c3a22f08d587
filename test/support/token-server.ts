// A Docker-style token server (how Docker Hub authenticates): GET
// /token?service=..&scope=repository:NAME:pull,push with optional Basic
// credentials returns a JWT (ES256, the signing certificate in the `x5c`
// header) listing the granted `access`. The registry trusts the certificate
// through its `rootcertbundle`. Key and self-signed certificate come from the
// openssl CLI.
import { execFileSync } from 'node:child_process';
import { randomBytes, sign, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { LOOPBACK } from './free-port.js';

export type RegistryUser = {
  username: string; password: string;
  /** token server: grant pull only */ readOnly?: boolean;
  /** token server: an OAuth refresh token (identity token) accepted by POST /token */ refreshToken?: string;
};

export type Access = { type: string; name: string; actions: string[] };

export type TokenRequest = { username: string | undefined; scopes: string[]; granted: Access[]; status: number; grant?: 'refresh_token' };

export type TokenServerOptions = {
  dir: string; // where the key and certificate are written
  users?: RegistryUser[];
  anonymousPull?: boolean; // anonymous callers get `pull` (default: nothing)
  expiresIn?: number; // seconds, default 300
  service?: string;
  issuer?: string;
};

export type TokenServer = {
  realm: string; service: string; issuer: string; certPath: string;
  /** Number of tokens issued (successful requests). */
  readonly tokenRequests: number;
  /** Every request, refused ones included. */
  log: TokenRequest[];
  stop(): Promise<void>;
};

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function makeKeyAndCert(dir: string): { keyPem: string; certPath: string; certDer: Buffer } {
  const keyPath = join(dir, 'token-key.pem');
  const certPath = join(dir, 'token-cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '3650', '-subj', '/CN=tscontain-test-token',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const certDer = new X509Certificate(readFileSync(certPath)).raw;
  return { keyPem: readFileSync(keyPath, 'utf8'), certPath, certDer };
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : { username: text.slice(0, i), password: text.slice(i + 1) };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `repository:library/foo:pull,push` -> Access (the name may itself contain ':'). */
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const { keyPem, certPath, certDer } = makeKeyAndCert(opts.dir);
  const service = opts.service ?? 'tscontain-test-registry';
  const issuer = opts.issuer ?? 'tscontain-test-token-issuer';
  const expiresIn = opts.expiresIn ?? 300;
  const log: TokenRequest[] = [];
  let issued = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: object): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if ((req.method !== 'GET' && req.method !== 'POST') || url.pathname !== '/token') return reply(404, { errors: [{ code: 'NOT_FOUND' }] });
    // POST: the OAuth2 refresh-token grant Docker uses with identity tokens.
    let form: URLSearchParams | undefined;
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'refresh_token') return reply(400, { error: 'unsupported_grant_type' });
    }
    const params = form ?? url.searchParams;
    const scopes = params.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    const creds = form ? undefined : parseBasic(req.headers.authorization);
    const refresh = form?.get('refresh_token') ?? '';
    const user = form
      ? opts.users?.find((u) => u.refreshToken !== undefined && sameString(u.refreshToken, refresh))
      : creds && opts.users?.find((u) => sameString(u.username, creds.username) && sameString(u.password, creds.password));
    if ((creds || form) && !user) {
      log.push({ username: creds?.username, scopes, granted: [], status: 401, ...(form ? { grant: 'refresh_token' as const } : {}) });
      return reply(401, { details: form ? 'invalid refresh token' : 'incorrect username or password' });
    }
    const allowed = user ? (user.readOnly ? ['pull'] : ['pull', 'push', 'delete', '*']) : opts.anonymousPull ? ['pull'] : [];
    const granted: Access[] = [];
    for (const scope of scopes) {
      const access = parseScope(scope);
      if (!access) continue;
      const actions = access.type === 'repository' || (user && access.type === 'registry')
        ? access.actions.filter((a) => allowed.includes(a)) : [];
      if (actions.length > 0) granted.push({ ...access, actions });
    }
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] };
    const claims = {
      iss: issuer, sub: user?.username ?? '', aud: service,
      exp: now + expiresIn, nbf: now - 10, iat: now, jti: randomBytes(12).toString('hex'), access: granted,
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key: keyPem, dsaEncoding: 'ieee-p1363' });
    const token = `${signingInput}.${b64url(signature)}`;
    issued++;
    log.push({ username: user?.username, scopes, granted, status: 200, ...(form ? { grant: 'refresh_token' as const } : {}) });
    reply(200, { token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    realm: `http://${LOOPBACK}:${port}/token`, service, issuer, certPath, log,
    get tokenRequests() { return issued; },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
