// Pulls through the real registry's own auth: htpasswd (Basic) and token
// auth (Bearer, as Docker Hub does), with credentials from a Docker-format
// config file, as a user would have after `docker login`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { makeTestEnv, runCli } from '../../support/tscontain-cli.js';

const skip = registrySkipReason();
const servers: RegistryServer[] = [];
after(async () => Promise.all(servers.map((s) => s.stop())));

const user = { username: 'alice', password: 'wonder land' };
const image = buildImage({ layers: [1, 2, 3].map((n) => [{ name: `file-${n}`, type: 'file' as const, body: `layer ${n}` }]) });

async function envWithLogin(registry: RegistryServer, creds = user) {
  const env = await makeTestEnv();
  const auth = join(await mkdtemp(join(tmpdir(), 'tsc-docker-config-')), 'config.json');
  const token = Buffer.from(`${creds.username}:${creds.password}`).toString('base64');
  await writeFile(auth, JSON.stringify({ auths: { [registry.host]: { auth: token } } }), { mode: 0o600 });
  return { ...env.env, TSCONTAIN_AUTH_CONFIG: auth };
}

test('Basic auth (htpasswd): refused anonymously, accepted with credentials', { skip }, async () => {
  const registry = await startRegistry({ auth: 'htpasswd', users: [user] });
  servers.push(registry);
  await pushImage(image, { registry: registry.host, repository: 'private/app', tags: ['1'], credentials: user });
  const name = `${registry.host}/private/app:1`;

  const anonymous = await runCli(['pull', name], (await makeTestEnv()).env);
  assert.equal(anonymous.code, 1);
  assert.match(anonymous.stderr, /^Error: .*(denied|authentication)/i);
  assert.equal(anonymous.stderr.trim().split('\n').length, 1);

  const wrong = await runCli(['pull', name], await envWithLogin(registry, { username: 'alice', password: 'nope' }));
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^Error: .*(denied|authentication|unauthorized)/i);

  const ok = await runCli(['pull', '-q', name], await envWithLogin(registry));
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, `${name}\n`);
});

test('Bearer token auth: one token per repository scope, reused for every layer', { skip }, async () => {
  const registry = await startRegistry({ auth: 'token', users: [user] });
  servers.push(registry);
  await pushImage(image, { registry: registry.host, repository: 'team/app', tags: ['1'], credentials: user });
  const name = `${registry.host}/team/app:1`;
  const before = registry.token!.tokenRequests;

  const ok = await runCli(['pull', name], await envWithLogin(registry));
  assert.equal(ok.code, 0, ok.stderr);
  const pullRequests = registry.token!.log.slice(before);
  assert.equal(pullRequests.length, 1, JSON.stringify(pullRequests));
  assert.equal(pullRequests[0]!.username, 'alice');
  assert.deepEqual(pullRequests[0]!.scopes, ['repository:team/app:pull']);

  const anonymous = await runCli(['pull', name], (await makeTestEnv()).env);
  assert.equal(anonymous.code, 1);
  assert.match(anonymous.stderr, /^Error: pull access denied for .*team\/app/);
});
