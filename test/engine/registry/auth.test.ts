// Registry authentication against the fake registry: Docker's token flow,
// token reuse and expiry, the insufficient_scope retry, Basic auth, refusals.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../../engine/reference/reference.js';
import { RegistryError } from '../../../engine/errors.js';
import { FakeRegistry, makeImage } from './fake-registry.js';
import { collect, failure, testClient } from './helpers.js';

const servers: FakeRegistry[] = [];
after(async () => Promise.all(servers.map((s) => s.server.close())));

async function registry(opts: ConstructorParameters<typeof FakeRegistry>[1] = {}): Promise<FakeRegistry> {
  const reg = await FakeRegistry.start(opts);
  servers.push(reg);
  return reg;
}

test('bearer: anonymous 401, token with service and scope, then the manifest; the token is reused', async () => {
  const reg = await registry({ auth: 'bearer' });
  const image = makeImage();
  reg.pushImage('team/app', image, ['v1']);
  const { client } = testClient();
  const resolved = await client.resolve(parseReference(`${reg.host}/team/app:v1`));
  assert.equal(resolved.manifestDigest, image.manifest.digest);

  assert.equal(reg.tokenRequests.length, 1);
  const query = reg.tokenRequests[0]!.query;
  assert.equal(query.get('service'), 'fake-registry');
  assert.deepEqual(query.getAll('scope'), ['repository:team/app:pull']);
  assert.equal(reg.tokenRequests[0]!.authorization, undefined, 'anonymous token request');
  // Manifest: 401 then 200; config: 200 straight away with the cached token.
  const manifests = reg.server.requestsTo('/v2/team/app/manifests/v1');
  assert.equal(manifests.length, 2);
  assert.equal(manifests[0]!.headers.authorization, undefined);
  assert.match(manifests[1]!.headers.authorization ?? '', /^Bearer [0-9a-f]{32}$/);
  assert.equal(reg.server.requestsTo(`/v2/team/app/blobs/${image.config.digest}`).length, 1);

  // Blobs and a second resolve reuse the token: no new token, no new 401.
  const layer = await collect(client.openBlob(resolved.source, resolved.layers[0]!));
  assert.deepEqual(layer, image.layers[0]!.bytes);
  await client.resolve(parseReference(`${reg.host}/team/app:v1`));
  assert.equal(reg.tokenRequests.length, 1);
  assert.equal(reg.server.requestsTo('/v2/team/app/manifests/v1').length, 3);
});

test('bearer: another repository on a known registry gets its token up front', async () => {
  const reg = await registry({ auth: 'bearer', tokenField: 'access_token' });
  reg.pushImage('a/one', makeImage(), ['latest']);
  reg.pushImage('a/two', makeImage(), ['latest']);
  const { client } = testClient();
  await client.resolve(parseReference(`${reg.host}/a/one`));
  await client.resolve(parseReference(`${reg.host}/a/two`));
  assert.equal(reg.tokenRequests.length, 2);
  assert.deepEqual(reg.tokenRequests[1]!.query.getAll('scope'), ['repository:a/two:pull']);
  const two = reg.server.requestsTo('/v2/a/two/manifests/latest');
  assert.equal(two.length, 1, 'no 401 round trip for the second repository');
  assert.match(two[0]!.headers.authorization ?? '', /^Bearer /);
});

test('bearer: an expired token is replaced (expires_in honoured, 60 s minimum)', async () => {
  const reg = await registry({ auth: 'bearer', tokenExpiresIn: 120 });
  reg.pushImage('x/y', makeImage(), ['latest']);
  let clock = 1_000_000;
  const { client } = testClient({ now: () => clock });
  await client.resolve(parseReference(`${reg.host}/x/y`));
  clock += 100_000; // 100 s: still valid
  await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.equal(reg.tokenRequests.length, 1);
  clock += 30_000; // 130 s: expired
  await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.equal(reg.tokenRequests.length, 2);
});

test('bearer: one retry on insufficient_scope with a fresh token', async () => {
  const reg = await registry({ auth: 'bearer' });
  const image = makeImage();
  reg.pushImage('x/y', image, ['latest']);
  // Anonymous: the usual challenge; with the first token: insufficient_scope; then the registry proper.
  let calls = 0;
  reg.server.once('GET', '/v2/x/y/manifests/latest', (_req, res) => {
    const error = ++calls === 2 ? ',error="insufficient_scope"' : '';
    res.writeHead(401, { 'www-authenticate': `Bearer realm="${reg.server.url}/token",service="fake-registry",scope="repository:x/y:pull"${error}` });
    res.end();
  }, 2);
  const { client } = testClient();
  const resolved = await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.equal(resolved.manifestDigest, image.manifest.digest);
  assert.equal(reg.tokenRequests.length, 2, 'a fresh token after insufficient_scope');
  const gets = reg.server.requestsTo('/v2/x/y/manifests/latest');
  assert.equal(gets.length, 3);
  assert.notEqual(gets[1]!.headers.authorization, gets[2]!.headers.authorization);

  // A cached token refused for scope is replaced too.
  reg.server.once('GET', '/v2/x/y/manifests/latest', (_req, res) => {
    res.writeHead(401, { 'www-authenticate': `Bearer realm="${reg.server.url}/token",service="fake-registry",scope="repository:x/y:pull",error="insufficient_scope"` });
    res.end();
  });
  await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.equal(reg.tokenRequests.length, 3);
});

test('bearer: a repository the token never covers is "pull access denied" (AUTH_DENIED), after bounded retries', async () => {
  const reg = await registry({ auth: 'bearer', privateRepos: ['secret/app'] });
  reg.pushImage('secret/app', makeImage(), ['latest']);
  const { client } = testClient();
  const err = await failure(() => client.resolve(parseReference(`${reg.host}/secret/app`)));
  assert.ok(err instanceof RegistryError);
  assert.equal(err.code, 'AUTH_DENIED');
  assert.match(err.message, new RegExp(`^pull access denied for ${reg.host}/secret/app, repository does not exist or may require authentication`));
  // anonymous, token, insufficient_scope retry with another token: three GETs, two tokens.
  assert.equal(reg.server.requestsTo('/v2/secret/app/manifests/latest').length, 3);
  assert.equal(reg.tokenRequests.length, 2);
});

test('bearer: credentials go to the token service as Basic and unlock private repositories', async () => {
  const reg = await registry({ auth: 'bearer', privateRepos: ['secret/app'], users: [{ username: 'alice', password: 's3cret:x' }] });
  reg.pushImage('secret/app', makeImage(), ['latest']);
  const lookups: string[] = [];
  const { client } = testClient({
    credentials: (registryName) => {
      lookups.push(registryName);
      return registryName === reg.host ? { username: 'alice', password: 's3cret:x' } : undefined;
    },
  });
  await client.resolve(parseReference(`${reg.host}/secret/app`));
  assert.equal(reg.tokenRequests[0]!.authorization, `Basic ${Buffer.from('alice:s3cret:x').toString('base64')}`);
  assert.ok(lookups.includes(reg.host));
  // The registry itself only ever saw the bearer token.
  for (const r of reg.server.requestsTo(/^\/v2\//)) assert.doesNotMatch(r.headers.authorization ?? '', /^Basic/);
});

test('bearer: credentials the token service refuses are AUTH_DENIED naming the registry', async () => {
  const reg = await registry({ auth: 'bearer', users: [{ username: 'alice', password: 'right' }] });
  reg.pushImage('x/y', makeImage(), ['latest']);
  const { client } = testClient({ credentials: () => ({ username: 'alice', password: 'wrong' }) });
  const err = await failure(() => client.resolve(parseReference(`${reg.host}/x/y`)));
  assert.ok(err instanceof RegistryError);
  assert.equal(err.code, 'AUTH_DENIED');
  assert.match(err.message, /refused the credentials/);
});

test('basic: credentials are sent after the challenge, and up front afterwards', async () => {
  const reg = await registry({ auth: 'basic', users: [{ username: 'bob', password: 'pw' }] });
  const image = makeImage();
  reg.pushImage('x/y', image, ['latest']);
  const { client } = testClient({ credentials: () => ({ username: 'bob', password: 'pw' }) });
  const resolved = await client.resolve(parseReference(`${reg.host}/x/y`));
  assert.deepEqual(await collect(client.openBlob(resolved.source, resolved.layers[1]!)), image.layers[1]!.bytes);
  const all = reg.server.requestsTo(/^\/v2\/x\/y\//);
  assert.equal(all[0]!.headers.authorization, undefined);
  for (const r of all.slice(1)) assert.equal(r.headers.authorization, `Basic ${Buffer.from('bob:pw').toString('base64')}`);
  assert.equal(all.length, 1 + 1 + 1 + 1, '401, manifest, config, layer');
});

test('basic: no credentials, or wrong ones, are AUTH_DENIED', async () => {
  const reg = await registry({ auth: 'basic', users: [{ username: 'bob', password: 'pw' }] });
  reg.pushImage('x/y', makeImage(), ['latest']);
  const none = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x/y`)));
  assert.ok(none instanceof RegistryError && none.code === 'AUTH_DENIED');
  assert.match(none.message, /pull access denied for .*\/x\/y/);
  const wrong = await failure(() => testClient({ credentials: () => ({ username: 'bob', password: 'nope' }) }).client.resolve(parseReference(`${reg.host}/x/y`)));
  assert.ok(wrong instanceof RegistryError && wrong.code === 'AUTH_DENIED');
  assert.match(wrong.message, /credentials refused/);
  assert.equal(reg.server.requestsTo('/v2/x/y/manifests/latest').length, 1 + 2, 'one try without, one with the wrong password');
});

test('403 is AUTH_DENIED with the registry\'s reason', async () => {
  const reg = await registry();
  reg.server.on('GET', '/v2/x/y/manifests/latest', (_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }));
  });
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x/y`)));
  assert.ok(err instanceof RegistryError && err.code === 'AUTH_DENIED');
  assert.match(err.message, /requested access to the resource is denied/);
});
