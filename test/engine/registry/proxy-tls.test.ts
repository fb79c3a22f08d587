// The registry client through a real HTTP proxy (CONNECT tunnels and
// absolute-URI requests) and against real TLS registries (Debian's
// docker-registry with certificates from a CA made here): certs.d CAs,
// client certificates, proxy credentials and NO_PROXY.
//
// Names: `registry.test` resolves only inside the test proxy, so a pull by
// that name that works went through the proxy. The TLS registries listen on
// [::1]: 127.0.0.0/8 counts as insecure (Docker's rule), which would skip
// the very certificate checks tested here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, type BuiltImage } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { startProxy, type TestProxy } from '../../support/http-proxy.js';
import { issue, makeCa, type TestCa } from '../../support/test-ca.js';
import { RegistryClient, type ProxySettings } from '../../../engine/registry/client.js';
import { proxySettingsFromEnv } from '../../../engine/registry/proxy-env.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { RegistryError } from '../../../engine/errors.js';
import { collect, failure } from './helpers.js';

const skip = registrySkipReason();
const dir = mkdtempSync(join(tmpdir(), 'tsc-proxy-tls-'));
let plain: RegistryServer;
let secure: RegistryServer;
let mutual: RegistryServer;
let ca: TestCa;
let image: BuiltImage;
const servers: { stop(): Promise<void> }[] = [];

before(async () => {
  if (skip) return;
  ca = makeCa(dir);
  const server = issue(ca, 'server', { names: ['DNS:registry.test', 'DNS:localhost', 'IP:127.0.0.1', 'IP:::1'] });
  plain = await startRegistry();
  servers.push(plain);
  image = buildImage({ layers: [[{ name: 'hello.txt', type: 'file', body: 'through the proxy\n' }]] });
  await pushImage(image, { registry: plain.host, repository: 'test/hello', tags: ['v1'] });
  secure = await startRegistry({ tls: server, listen: '::1', storageDir: plain.storageDir });
  servers.push(secure);
  mutual = await startRegistry({ tls: { ...server, clientCaFile: ca.certFile }, listen: '::1', storageDir: plain.storageDir });
  servers.push(mutual);
});
after(async () => {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

function certsDir(name: string, host: string, files: Record<string, string>): string {
  const root = join(dir, name);
  mkdirSync(join(root, host), { recursive: true });
  for (const [target, source] of Object.entries(files)) copyFileSync(source, join(root, host, target));
  return root;
}

function client(opts: { proxy?: ProxySettings; certsDirs?: string[]; insecure?: string[] } = {}): RegistryClient {
  return new RegistryClient({
    config: { mirrors: [], insecureRegistries: opts.insecure ?? [] },
    proxy: opts.proxy ?? proxySettingsFromEnv({}),
    certsDirs: opts.certsDirs ?? [join(dir, 'empty-certs.d')],
    retry: { attempts: 1 },
  });
}

/** Resolves test/hello:v1 on `host` and reads its layer, checking the bytes. */
async function pullVia(c: RegistryClient, host: string): Promise<void> {
  try {
    const resolved = await c.resolve(parseReference(`${host}/test/hello:v1`));
    assert.equal(resolved.manifestDigest, image.manifestDigest);
    const blob = await collect(c.openBlob(resolved.source, resolved.layers[0]!));
    assert.equal(`sha256:${createHash('sha256').update(blob).digest('hex')}`, image.layers[0]!.digest);
  } finally {
    c.close();
  }
}

test('a TLS registry with a private CA: a clear error naming the host and certs.d, then works with the CA there', { skip }, async () => {
  const err = await failure(() => pullVia(client(), secure.host));
  assert.ok(err instanceof RegistryError, String(err));
  assert.equal(err.code, 'REGISTRY_UNREACHABLE');
  assert.match(err.message, new RegExp(`${secure.host.replace(/[[\]]/g, '\\$&')}.*certificate signed by unknown authority`));
  assert.ok(err.hint?.includes(`${join(dir, 'empty-certs.d')}/${secure.host}/ca.crt`), err.hint);

  const root = certsDir('ca-only', secure.host, { 'ca.crt': ca.certFile });
  await pullVia(client({ certsDirs: [join(dir, 'missing'), root] }), secure.host);
});

test('a registry that demands a client certificate: refused without one, works with a .cert/.key pair in certs.d', { skip }, async () => {
  const clientCert = issue(ca, 'client', { client: true });
  const caOnly = certsDir('mutual-ca', mutual.host, { 'ca.crt': ca.certFile });
  const err = await failure(() => pullVia(client({ certsDirs: [caOnly] }), mutual.host));
  assert.ok(err instanceof RegistryError, String(err));
  assert.equal(err.code, 'REGISTRY_UNREACHABLE');
  assert.match(err.message, /may want a client certificate/);
  assert.ok(err.hint?.includes(`${caOnly}/${mutual.host}/client.cert`), err.hint);

  const withPair = certsDir('mutual-pair', mutual.host, { 'ca.crt': ca.certFile, 'client.cert': clientCert.certFile, 'client.key': clientCert.keyFile });
  await pullVia(client({ certsDirs: [withPair] }), mutual.host);

  const half = certsDir('mutual-half', mutual.host, { 'ca.crt': ca.certFile, 'client.cert': clientCert.certFile });
  const bad = await failure(() => pullVia(client({ certsDirs: [half] }), mutual.host));
  assert.match(bad.message, /client certificate without its key client\.key/);
});

test('HTTPS through a CONNECT proxy with credentials in HTTPS_PROXY, TLS end to end with the registry', { skip }, async () => {
  const proxy = await startProxy({ hosts: { 'registry.test': '::1' }, credentials: { username: 'u', password: 'p@ss:w' } });
  servers.push(proxy);
  const host = `registry.test:${secure.port}`;
  const root = certsDir('via-proxy', host, { 'ca.crt': ca.certFile });
  const withCreds = proxySettingsFromEnv({ HTTPS_PROXY: `http://u:${encodeURIComponent('p@ss:w')}@127.0.0.1:${proxy.port}` });
  await pullVia(client({ proxy: withCreds, certsDirs: [root] }), host);
  assert.ok(proxy.log.length > 0);
  assert.ok(proxy.log.every((e) => e.method === 'CONNECT' && e.target === host), JSON.stringify(proxy.log));
  assert.equal(proxy.log[0]!.authorization, `Basic ${Buffer.from('u:p@ss:w').toString('base64')}`);

  const noCreds = proxySettingsFromEnv({ https_proxy: `127.0.0.1:${proxy.port}` });
  const err = await failure(() => pullVia(client({ proxy: noCreds, certsDirs: [root] }), host));
  assert.ok(err instanceof RegistryError, String(err));
  assert.match(err.message, /proxy http:\/\/127\.0\.0\.1:\d+ wants credentials \(HTTP 407\)/);
  assert.match(err.hint ?? '', /HTTPS_PROXY/);
});

test('plain HTTP through the proxy as absolute-URI requests (an insecure registry after its https try)', { skip }, async () => {
  const proxy = await startProxy({ hosts: { 'registry.test': '127.0.0.1' } });
  servers.push(proxy);
  const host = `registry.test:${plain.port}`;
  const env = proxySettingsFromEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
  await pullVia(client({ proxy: env, insecure: [host] }), host);
  assert.equal(proxy.log[0]!.method, 'CONNECT', 'https is tried first, through a tunnel');
  const gets = proxy.log.filter((e) => e.method === 'GET');
  assert.ok(gets.length >= 3, JSON.stringify(proxy.log));
  assert.ok(gets.every((e) => e.target.startsWith(`http://${host}/v2/`)), JSON.stringify(gets));
});

test('NO_PROXY: a listed domain and loopback addresses go direct, the proxy sees nothing', { skip }, async () => {
  const proxy = await startProxy({ hosts: { 'registry.test': '127.0.0.1' } });
  servers.push(proxy);
  const host = `registry.test:${plain.port}`;
  // registry.test resolves only inside the proxy: direct means a DNS failure here.
  for (const noProxy of ['registry.test', '.test', `registry.test:${plain.port}`, '*']) {
    const env = proxySettingsFromEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: `example.org, ${noProxy}` });
    const err = await failure(() => pullVia(client({ proxy: env, insecure: [host] }), host));
    assert.ok(err instanceof RegistryError && err.fields?.kind === 'dns', `${noProxy}: ${String(err)}`);
  }
  // Another port than the listed one is proxied.
  const otherPort = proxySettingsFromEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'registry.test:1' });
  assert.equal(proxy.log.length, 0);
  await pullVia(client({ proxy: otherPort, insecure: [host] }), host);
  assert.ok(proxy.log.length > 0);

  proxy.log.length = 0;
  const env = proxySettingsFromEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
  await pullVia(client({ proxy: env, insecure: [plain.host] }), plain.host);
  assert.deepEqual(proxy.log, [], 'loopback is never proxied');
});
