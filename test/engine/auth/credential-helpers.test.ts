// Docker credential helpers: a small real helper (a shell script on PATH,
// keeping its secrets in files) driven through get/store/erase, and pulls
// and logins through the real CLI against real registries with credentials
// only the helper knows, including an identity token (OAuth refresh token).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredentials } from '../../../engine/auth/docker-credentials.js';
import { helperGet, helperStore } from '../../../engine/auth/credential-helpers.js';
import { removeCredentials, saveCredentials } from '../../../engine/auth/save-credentials.js';
import { ConfigError } from '../../../engine/errors.js';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { makeTestEnv, runCli } from '../../support/tscontain-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tsc-credhelper-'));
const bin = join(dir, 'bin');
const originalPath = process.env.PATH;

/** docker-credential-<name>: secrets in <store>/<hash of server URL>, every call logged. */
function makeHelper(name: string, store: string): { calls: () => string[] } {
  mkdirSync(bin, { recursive: true });
  mkdirSync(store, { recursive: true });
  const log = join(store, 'calls.log');
  writeFileSync(join(bin, `docker-credential-${name}`), `#!/bin/sh
store='${store}'
input=$(cat)
key() { printf %s "$1" | sha256sum | cut -c1-16; }
case "$1" in
get)
  echo "get $input" >> "$store/calls.log"
  f="$store/$(key "$input")"
  if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
store)
  url=$(printf %s "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p')
  echo "store $url" >> "$store/calls.log"
  printf %s "$input" > "$store/$(key "$url")" ;;
erase)
  echo "erase $input" >> "$store/calls.log"
  f="$store/$(key "$input")"
  if [ -f "$f" ]; then rm "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
*) echo "unknown action" >&2; exit 1 ;;
esac
`);
  chmodSync(join(bin, `docker-credential-${name}`), 0o755);
  return { calls: () => { try { return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean); } catch { return []; } } };
}

function writeJson(file: string, value: unknown): string {
  writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return file;
}

before(() => {
  process.env.PATH = `${bin}:${originalPath}`;
});
after(() => {
  process.env.PATH = originalPath;
  rmSync(dir, { recursive: true, force: true });
});

test('credsStore answers first; the file entry is the fallback; credHelpers wins for its host; <token> is an identity token', () => {
  const store = makeHelper('store1', join(dir, 'store1'));
  const other = makeHelper('other1', join(dir, 'other1'));
  const ref = { name: 'store1', file: 'x', key: 'credsStore' };
  helperStore(ref, 'reg.example:5000', { username: 'alice', password: 's3cret' });
  helperStore(ref, 'https://index.docker.io/v1/', { username: '', password: '', identityToken: 'refresh-me' });
  helperStore({ ...ref, name: 'other1' }, 'special.example', { username: 'bob', password: 'pw' });
  const file = writeJson(join(dir, 'c1.json'), {
    credsStore: 'store1',
    credHelpers: { 'special.example': 'other1' },
    auths: { 'fallback.example': { auth: Buffer.from('carol:pw2').toString('base64') } },
  });
  const lookup = loadCredentials(file);
  assert.deepEqual(lookup('reg.example:5000'), { username: 'alice', password: 's3cret' });
  assert.deepEqual(lookup('docker.io'), { username: '', password: '', identityToken: 'refresh-me' });
  assert.deepEqual(lookup('special.example'), { username: 'bob', password: 'pw' });
  assert.deepEqual(lookup('fallback.example'), { username: 'carol', password: 'pw2' });
  assert.equal(lookup('nobody.example'), undefined);
  lookup('reg.example:5000');
  assert.deepEqual(store.calls().filter((c) => c.startsWith('get')), [
    'get reg.example:5000', 'get https://index.docker.io/v1/', 'get fallback.example', 'get nobody.example',
  ], 'one call per registry, cached');
  assert.deepEqual(other.calls().filter((c) => c.startsWith('get')), ['get special.example']);
});

test('a missing or failing helper is one clear ConfigError naming the file and the fix', () => {
  const missing = writeJson(join(dir, 'c2.json'), { credsStore: 'desktop-not-here' });
  assert.throws(() => loadCredentials(missing)('reg.example'), (e: unknown) =>
    e instanceof ConfigError && /docker-credential-desktop-not-here is not on PATH/.test(e.message) && /remove "credsStore"/.test(e.hint ?? ''));
  writeFileSync(join(bin, 'docker-credential-broken'), '#!/bin/sh\necho "keyring locked" >&2\nexit 3\n', { mode: 0o755 });
  assert.throws(() => helperGet({ name: 'broken', file: 'f', key: 'credsStore' }, 'r'), /docker-credential-broken get failed: keyring locked/);
  const hostile = writeJson(join(dir, 'c3.json'), { credsStore: '../../bin/sh' });
  assert.throws(() => loadCredentials(hostile)('reg.example'), /is not a credential helper name/);
});

test('saveCredentials/removeCredentials go through the helper and leave no secret in the file', async () => {
  const helper = makeHelper('store2', join(dir, 'store2'));
  const file = writeJson(join(dir, 'c4.json'), { credsStore: 'store2', auths: { 'reg.example:5000': { auth: Buffer.from('old:old').toString('base64') } }, other: 1 });
  await saveCredentials('reg.example:5000', { username: 'alice', password: 'fresh' }, file);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(saved, { credsStore: 'store2', auths: { 'reg.example:5000': {} }, other: 1 });
  assert.deepEqual(loadCredentials(file)('reg.example:5000'), { username: 'alice', password: 'fresh' });
  assert.equal(await removeCredentials('reg.example:5000', file), true);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).auths, {});
  assert.equal(loadCredentials(file)('reg.example:5000'), undefined);
  assert.equal(await removeCredentials('reg.example:5000', file), false);
  assert.deepEqual(helper.calls(), ['store reg.example:5000', 'get reg.example:5000', 'erase reg.example:5000', 'get reg.example:5000', 'erase reg.example:5000']);
  assert.deepEqual(readdirSync(join(dir, 'store2')), ['calls.log']);
});

const skip = registrySkipReason();
const servers: RegistryServer[] = [];
after(async () => Promise.all(servers.map((s) => s.stop())));
const image = buildImage({ layers: [[{ name: 'secret.txt', type: 'file', body: 'only for the helper\n' }]] });


test('pull with an identity token from credsStore: the token realm gets a refresh_token grant', { skip }, async () => {
  const registry = await startRegistry({ auth: 'token', users: [{ username: 'alice', password: 'pw', refreshToken: 'rt-123' }] });
  servers.push(registry);
  await pushImage(image, { registry: registry.host, repository: 'team/app', tags: ['1'], credentials: { username: 'alice', password: 'pw' } });
  const helper = makeHelper('oauth', join(dir, 'oauth'));
  helperStore({ name: 'oauth', file: 'x', key: 'k' }, registry.host, { username: '', password: '', identityToken: 'rt-123' });
  const env = await makeTestEnv();
  const authFile = writeJson(join(dir, 'c5.json'), { credsStore: 'oauth' });
  const cliEnv = { ...env.env, PATH: `${bin}:${originalPath}`, TSCONTAIN_AUTH_CONFIG: authFile };
  const before = registry.token!.log.length;

  const ok = await runCli(['pull', '-q', `${registry.host}/team/app:1`], cliEnv);
  assert.equal(ok.code, 0, ok.stderr);
  const requests = registry.token!.log.slice(before);
  assert.ok(requests.length >= 1 && requests.every((r) => r.grant === 'refresh_token' && r.username === 'alice' && r.status === 200), JSON.stringify(requests));
  assert.ok(helper.calls().includes(`get ${registry.host}`));

  helperStore({ name: 'oauth', file: 'x', key: 'k' }, registry.host, { username: '', password: '', identityToken: 'revoked' });
  const env2 = await makeTestEnv();
  const refused = await runCli(['pull', '-q', `${registry.host}/team/app:1`], { ...env2.env, PATH: cliEnv.PATH, TSCONTAIN_AUTH_CONFIG: authFile });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: authentication to .* failed: the token service .* refused the credentials/);
});

test('login and logout through credsStore (Basic registry): the secret lives in the helper, pull uses it', { skip }, async () => {
  const registry = await startRegistry({ auth: 'htpasswd', users: [{ username: 'alice', password: 'wonderland' }] });
  servers.push(registry);
  await pushImage(image, { registry: registry.host, repository: 'private/app', tags: ['1'], credentials: { username: 'alice', password: 'wonderland' } });
  const helper = makeHelper('keyring', join(dir, 'keyring'));
  const env = await makeTestEnv();
  const authFile = writeJson(join(dir, 'c6.json'), { credsStore: 'keyring' });
  const cliEnv = { ...env.env, PATH: `${bin}:${originalPath}`, TSCONTAIN_AUTH_CONFIG: authFile };

  const login = await runCli(['login', '-u', 'alice', '--password-stdin', registry.host], cliEnv, { input: 'wonderland\n' });
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /^Login Succeeded \(credentials saved in docker-credential-keyring\)/);
  assert.deepEqual(JSON.parse(readFileSync(authFile, 'utf8')), { credsStore: 'keyring', auths: { [registry.host]: {} } });
  assert.ok(!readFileSync(authFile, 'utf8').includes('wonderland'));

  const pull = await runCli(['pull', '-q', `${registry.host}/private/app:1`], cliEnv);
  assert.equal(pull.code, 0, pull.stderr);

  const logout = await runCli(['logout', registry.host], cliEnv);
  assert.equal(logout.code, 0, logout.stderr);
  assert.equal(logout.stdout, `Removing login credentials for ${registry.host}\n`);
  assert.deepEqual(helper.calls().filter((c) => !c.startsWith('get')), [`store ${registry.host}`, `erase ${registry.host}`]);
  const env2 = await makeTestEnv();
  const after = await runCli(['pull', '-q', `${registry.host}/private/app:1`], { ...env2.env, PATH: cliEnv.PATH, TSCONTAIN_AUTH_CONFIG: authFile });
  assert.equal(after.code, 1);
});
