// push --all-tags (-a): every local tag of one repository goes to a real
// registry, the repository named once in the output, other repositories
// left alone; a tag in the name, or a repository with no tag, is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, busyboxLayer } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { makeTestEnv, runCli, type CliResult, type TestEnv } from '../../support/tscontain-cli.js';

const skip = registrySkipReason();
let registry: RegistryServer;
let env: TestEnv;
const cli = (...args: string[]): Promise<CliResult> => runCli(args, env.env);
const one = buildImage({ layers: [busyboxLayer()], config: { Cmd: ['sh'] } });
const two = buildImage({ layers: [busyboxLayer(), [{ name: 'etc/motd', type: 'file', body: 'two\n' }]], config: { Cmd: ['sh'] } });

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  await pushImage(one, { registry: registry.host, repository: 'src/one', tags: ['1'] });
  await pushImage(two, { registry: registry.host, repository: 'src/two', tags: ['2'] });
  env = await makeTestEnv();
  for (const name of ['src/one:1', 'src/two:2']) assert.equal((await cli('pull', '-q', `${registry.host}/${name}`)).code, 0);
  const tags: [string, string][] = [['src/one:1', 'team/app:v1'], ['src/two:2', 'team/app:v2'], ['src/two:2', 'team/app:latest'], ['src/one:1', 'team/other:x']];
  for (const [from, to] of tags) assert.equal((await cli('tag', `${registry.host}/${from}`, `${registry.host}/${to}`)).code, 0);
});
after(async () => registry?.stop());

async function registryTags(repo: string): Promise<string[] | number> {
  const r = await fetch(`http://${registry.host}/v2/${repo}/tags/list`);
  if (!r.ok) return r.status;
  return ((await r.json()) as { tags: string[] }).tags.sort();
}

test('push --all-tags pushes every local tag of the repository and nothing else', { skip }, async () => {
  const r = await cli('push', '--all-tags', `${registry.host}/team/app`);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.filter((l) => l.startsWith('The push refers')), [`The push refers to repository [${registry.host}/team/app]`]);
  assert.deepEqual(lines.filter((l) => / digest: /.test(l)), [
    `latest: digest: ${two.manifestDigest} size: ${two.manifest.length}`,
    `v1: digest: ${one.manifestDigest} size: ${one.manifest.length}`,
    `v2: digest: ${two.manifestDigest} size: ${two.manifest.length}`,
  ]);
  assert.deepEqual(await registryTags('team/app'), ['latest', 'v1', 'v2']);
  assert.equal(await registryTags('team/other'), 404, 'another repository is not pushed');
});

test('push -a -q prints each pushed reference', { skip }, async () => {
  const r = await cli('push', '-a', '-q', `${registry.host}/team/other`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${registry.host}/team/other:x\n`);
  assert.deepEqual(await registryTags('team/other'), ['x']);
});

test('push -a refuses a tagged name and a repository without local tags, with one error line', { skip }, async () => {
  const tagged = await cli('push', '-a', `${registry.host}/team/app:v1`);
  assert.equal(tagged.code, 125);
  assert.match(tagged.stderr, /^Error: tag can't be used with --all-tags\/-a/);
  assert.equal(tagged.stderr.split('\n').filter((l) => l.startsWith('Error:')).length, 1);
  const none = await cli('push', '-a', `${registry.host}/team/none`);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, new RegExp(`^Error: An image does not exist locally with the tag: ${registry.host.replace(/[.[\]]/g, '\\$&')}/team/none`));
});
