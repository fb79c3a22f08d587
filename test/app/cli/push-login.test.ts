// login, push and logout as a user runs them: the real CLI in a child
// process against a real registry behind htpasswd (Basic) auth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, busyboxLayer } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { makeTestEnv, runCli, type TestEnv } from '../../support/tscontain-cli.js';

const skip = registrySkipReason();
let source: RegistryServer;
let secured: RegistryServer;
let env: TestEnv;
let authFile: string;
const image = buildImage({ layers: [busyboxLayer(), [{ name: 'etc/motd', type: 'file', body: 'pushed\n' }]], config: { Cmd: ['sh'] } });

before(async () => {
  if (skip) return;
  [source, secured] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd', users: [{ username: 'alice', password: 'wonderland' }] })]);
  await pushImage(image, { registry: source.host, repository: 'test/app', tags: ['v1'] });
  env = await makeTestEnv();
  authFile = join(env.root, '..', 'auth', 'config.json');
  env.env.TSCONTAIN_AUTH_CONFIG = authFile;
});
after(async () => Promise.all([source?.stop(), secured?.stop()]));

function short(digest: string): string {
  return digest.slice(7, 19);
}

test('push needs a login; login stores 0600 credentials; push then works; logout removes them', { skip }, async () => {
  const target = `${secured.host}/team/app:v1`;
  assert.equal((await runCli(['pull', '-q', `${source.host}/test/app:v1`], env.env)).code, 0);
  assert.equal((await runCli(['tag', `${source.host}/test/app:v1`, target], env.env)).code, 0);

  const anonymous = await runCli(['push', target], env.env);
  assert.notEqual(anonymous.code, 0);
  assert.match(anonymous.stderr, /^Error: denied: requested access to the resource is denied/);
  assert.equal(anonymous.stderr.trim().split('\n').filter((l) => l.startsWith('Error:')).length, 1);

  const wrong = await runCli(['login', '-u', 'alice', '--password-stdin', secured.host], env.env, { input: 'nope\n' });
  assert.notEqual(wrong.code, 0);
  assert.equal(wrong.stderr, `Error: login to ${secured.host} failed: unauthorized: incorrect username or password\n`);
  await assert.rejects(stat(authFile), /ENOENT/, 'nothing saved for a failed login');

  const login = await runCli(['login', '-u', 'alice', '--password-stdin', secured.host], env.env, { input: 'wonderland\n' });
  assert.equal(login.stderr, '');
  assert.equal(login.code, 0);
  assert.match(login.stdout, /^Login Succeeded/);
  assert.equal((await stat(authFile)).mode & 0o777, 0o600);
  const saved = JSON.parse(await readFile(authFile, 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.equal(Buffer.from(saved.auths[secured.host]!.auth, 'base64').toString(), 'alice:wonderland');

  const push = await runCli(['push', target], env.env);
  assert.equal(push.stderr, '');
  assert.equal(push.code, 0);
  const lines = push.stdout.trim().split('\n');
  assert.equal(lines[0], `The push refers to repository [${secured.host}/team/app]`);
  for (const layer of image.layers) {
    assert.ok(lines.includes(`${short(layer.digest)}: Preparing`), push.stdout);
    assert.ok(lines.includes(`${short(layer.digest)}: Pushed`), push.stdout);
  }
  assert.equal(lines.at(-1), `v1: digest: ${image.manifestDigest} size: ${image.manifest.length}`);

  const again = await runCli(['push', target], env.env);
  assert.equal(again.code, 0);
  for (const layer of image.layers) assert.ok(again.stdout.includes(`${short(layer.digest)}: Layer already exists`), again.stdout);

  assert.equal((await runCli(['tag', target, `${secured.host}/team/other`], env.env)).code, 0);
  const mount = await runCli(['push', `${secured.host}/team/other`], env.env);
  assert.equal(mount.code, 0);
  for (const layer of image.layers) assert.ok(mount.stdout.includes(`${short(layer.digest)}: Mounted from team/app`), mount.stdout);
  assert.ok(mount.stdout.includes(`latest: digest: ${image.manifestDigest}`));

  const logout = await runCli(['logout', secured.host], env.env);
  assert.equal(logout.code, 0);
  assert.equal(logout.stdout, `Removing login credentials for ${secured.host}\n`);
  const after = JSON.parse(await readFile(authFile, 'utf8')) as { auths: Record<string, unknown> };
  assert.deepEqual(after.auths, {});
  assert.equal((await runCli(['logout', secured.host], env.env)).stdout, `Not logged in to ${secured.host}\n`);
  assert.notEqual((await runCli(['push', target], env.env)).code, 0);
});

test('push of a name that is not tagged here says so', { skip }, async () => {
  const result = await runCli(['push', `${secured.host}/nothing/here`], env.env);
  assert.notEqual(result.code, 0);
  assert.ok(result.stderr.startsWith(`Error: An image does not exist locally with the tag: ${secured.host}/nothing/here:latest;`), result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});
