// Where requests go: docker.io mirrors in order with fallback, the https ->
// http fallback of insecure hosts, unreachable hosts, and the config rules.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { parseReference } from '../../../engine/reference/reference.js';
import { ConfigError, RegistryError } from '../../../engine/errors.js';
import { endpointsFor, hostnameOf, InsecureRegistries, parseMirror } from '../../../engine/registry/endpoints.js';
import { RegistryClient } from '../../../engine/registry/client.js';
import { chooseConfigFile } from '../../../engine/config.js';
import { FaultServer, registryError } from './fault-server.js';
import { FakeRegistry, makeImage } from './fake-registry.js';
import { collect, failure, testClient } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
after(async () => Promise.all(closers.map((c) => c())));

async function fake(): Promise<FakeRegistry> {
  const reg = await FakeRegistry.start();
  closers.push(() => reg.server.close());
  return reg;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('docker.io tries each mirror in order, keeps the repository path, and blobs come from the one that answered', async () => {
  const missing = await fake(); // knows nothing: 404
  const broken = await FaultServer.start();
  closers.push(() => broken.close());
  broken.on('*', /.*/, (_req, res) => registryError(res, 503, 'UNAVAILABLE', 'maintenance'));
  const good = await fake();
  const image = makeImage();
  good.pushImage('library/alpine', image, ['latest']);
  const hub = await fake(); // stands in for registry-1.docker.io; must not be asked
  // Taken after the servers listen: a port freed earlier could be handed to one of them, which would answer for it.
  const dead = await closedPort();

  const fallbacks: string[] = [];
  const { client, sleeps } = testClient({
    config: { mirrors: [`http://127.0.0.1:${dead}`, `http://${missing.host}`, `http://${broken.host}/`, good.host] },
    dockerHubHost: hub.host,
  });
  const resolved = await client.resolve(parseReference('alpine'), { onFallback: (f) => fallbacks.push(f.endpoint) });
  assert.equal(resolved.manifestDigest, image.manifest.digest);
  assert.equal(resolved.source.endpoint.host, good.host);
  assert.equal(resolved.source.endpoint.mirror, true);
  assert.equal(resolved.source.repository, 'library/alpine');
  assert.deepEqual(fallbacks, [`http://127.0.0.1:${dead}`, `http://${missing.host}`, `http://${broken.host}`]);
  assert.equal(missing.server.requestsTo('/v2/library/alpine/manifests/latest').length, 1);
  assert.equal(broken.requests.length, 1, 'a failing mirror gets one try, no backoff');
  assert.deepEqual(sleeps, []);
  assert.equal(hub.server.requests.length, 0);

  const layer = await collect(client.openBlob(resolved.source, resolved.layers[0]!));
  assert.deepEqual(layer, image.layers[0]!.bytes);
  assert.equal(good.server.requestsTo(`/v2/library/alpine/blobs/${image.layers[0]!.digest}`).length, 1);
});

test('when every mirror fails, Docker Hub itself answers (and its error is the one reported)', async () => {
  const missing = await fake();
  const hub = await fake();
  const { client } = testClient({ config: { mirrors: [missing.host] }, dockerHubHost: hub.host });
  const err = await failure(() => client.resolve(parseReference('user/app:2')));
  assert.ok(err instanceof RegistryError && err.code === 'MANIFEST_UNKNOWN');
  assert.equal(err.message, 'manifest for user/app:2 not found: manifest unknown');
  assert.equal(hub.server.requestsTo('/v2/user/app/manifests/2').length, 1);

  const image = makeImage();
  hub.pushImage('user/app', image, ['2']);
  const resolved = await client.resolve(parseReference('user/app:2'));
  assert.equal(resolved.source.endpoint.mirror, false);
  assert.equal(resolved.source.endpoint.registry, 'docker.io');
});

test('mirrors are for docker.io only', async () => {
  const mirror = await fake();
  const other = await fake();
  const image = makeImage();
  other.pushImage('x', image, ['latest']);
  const { client } = testClient({ config: { mirrors: [mirror.host] } });
  await client.resolve(parseReference(`${other.host}/x`));
  assert.equal(mirror.server.requests.length, 0);
});

test('an insecure host written without a scheme: https first, then http, remembered', async () => {
  const reg = await fake();
  reg.pushImage('x', makeImage(), ['latest']);
  const { client } = testClient();
  await client.resolve(parseReference(`${reg.host}/x`));
  await client.resolve(parseReference(`${reg.host}/x`));
  assert.equal(reg.server.clientErrors, 1, 'one TLS attempt on the plain-HTTP server, then http for good');
  assert.equal(reg.server.requestsTo('/v2/x/manifests/latest').length, 2);
});

test('an unreachable registry is REGISTRY_UNREACHABLE naming the host, with a hint', async () => {
  const port = await closedPort();
  const { client, sleeps } = testClient();
  const err = await failure(() => client.resolve(parseReference(`127.0.0.1:${port}/x`)));
  assert.ok(err instanceof RegistryError);
  assert.equal(err.code, 'REGISTRY_UNREACHABLE');
  assert.match(err.message, new RegExp(`cannot reach registry 127\\.0\\.0\\.1:${port}: connection refused`));
  assert.match(err.hint ?? '', /insecure-registries.*\/etc\/tscontain\/config\.json/);
  assert.deepEqual(sleeps, [], 'refused is not retried');
  // With --config, the hint names the file in use.
  chooseConfigFile('/tmp/my-tscontain.json');
  try {
    const again = await failure(() => client.resolve(parseReference(`127.0.0.1:${port}/x`)));
    assert.match((again as RegistryError).hint ?? '', /insecure-registries.*\/tmp\/my-tscontain\.json/);
  } finally {
    chooseConfigFile(undefined);
  }
});

test('InsecureRegistries: names, CIDRs, 127.0.0.0/8 always, localhost through DNS', async () => {
  const dns: Record<string, string[]> = { localhost: ['127.0.0.1', '::1'], 'inside.example': ['10.9.9.9'], 'outside.example': ['8.8.8.8'] };
  const lookups: string[] = [];
  const resolve = async (name: string) => {
    lookups.push(name);
    if (!dns[name]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return dns[name];
  };
  const insecure = new InsecureRegistries(['myregistry:5000', '10.0.0.0/8', 'http://plain.example:80', 'fd00::/8'], resolve);
  assert.equal(await insecure.isInsecure('myregistry:5000'), true);
  assert.equal(await insecure.isInsecure('myregistry:5001'), false);
  assert.equal(await insecure.isInsecure('plain.example:80'), true);
  assert.equal(await insecure.isInsecure('10.1.2.3:5000'), true);
  assert.equal(await insecure.isInsecure('11.1.2.3:5000'), false);
  assert.equal(await insecure.isInsecure('127.0.0.1:5000'), true);
  assert.equal(await insecure.isInsecure('127.9.9.9'), true);
  assert.equal(await insecure.isInsecure('[fd00::1]:5000'), true);
  assert.equal(await insecure.isInsecure('[::1]:5000'), false, 'Docker only defaults 127.0.0.0/8');
  assert.equal(await insecure.isInsecure('localhost:5000'), true);
  assert.equal(await insecure.isInsecure('inside.example:443'), true, 'a name resolving into a CIDR');
  assert.equal(await insecure.isInsecure('outside.example'), false);
  assert.equal(await insecure.isInsecure('nowhere.example'), false, 'unresolvable: secure, the connection will report it');
  assert.equal(await insecure.isInsecure('inside.example:443'), true);
  assert.deepEqual(lookups, ['myregistry', 'localhost', 'inside.example', 'outside.example', 'nowhere.example'], 'IP literals are not looked up; answers are cached');
  assert.throws(() => new InsecureRegistries(['10.0.0.0/33']), ConfigError);
  assert.throws(() => new InsecureRegistries(['nonsense/8']), ConfigError);
});

test('endpoints: docker.io is registry-1.docker.io; mirror forms; bad mirrors are config errors', async () => {
  const insecure = new InsecureRegistries([], async (name) => (name === 'localhost' ? ['127.0.0.1'] : ['192.0.2.1']));
  const hub = await endpointsFor('docker.io', { mirrors: [], insecureRegistries: [] }, insecure);
  assert.deepEqual(hub.map((e) => [e.url, e.credentialKey, e.insecure]), [['https://registry-1.docker.io', 'docker.io', false]]);
  const withMirrors = await endpointsFor('docker.io', { mirrors: ['https://mirror.example', 'http://127.0.0.1:5000', 'mirror2.example:5000'], insecureRegistries: [] }, insecure);
  assert.deepEqual(withMirrors.map((e) => [e.url, e.mirror, e.httpFallback, e.credentialKey]), [
    ['https://mirror.example', true, false, 'mirror.example'],
    ['http://127.0.0.1:5000', true, false, '127.0.0.1:5000'],
    ['https://mirror2.example:5000', true, false, 'mirror2.example:5000'],
    ['https://registry-1.docker.io', false, false, 'docker.io'],
  ]);
  const local = await endpointsFor('localhost:5000', { mirrors: ['https://ignored'], insecureRegistries: [] }, insecure);
  assert.deepEqual(local.map((e) => [e.url, e.insecure, e.httpFallback]), [['https://localhost:5000', true, true]]);
  for (const bad of ['ftp://x', 'https://host/path', 'https://u:p@host', 'http://']) {
    assert.throws(() => parseMirror(bad), ConfigError, bad);
    assert.throws(() => new RegistryClient({ config: { mirrors: [bad], insecureRegistries: [] } }), ConfigError, bad);
  }
  assert.equal(hostnameOf('[::1]:5000'), '::1');
  assert.equal(hostnameOf('host:5000'), 'host');
  assert.equal(hostnameOf('host'), 'host');
});
