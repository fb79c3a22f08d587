// The round trip issue 6 asks for, against the real local registry: pull,
// run, change and delete files, commit, push, pull into a fresh store, run,
// and the changes (deletions and a replaced directory included) are there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, type RegistryServer } from '../../../support/registry-server.js';
import { buildImage, busyboxLayer } from '../../../support/image-builder.js';
import { pushImage } from '../../../support/registry-push.js';
import { makeTestEnv, runCli, type TestEnv } from '../../../support/tscontain-cli.js';
import { IMAGE_CONFIG, skip } from '../containers/fixture.js';

let registry: RegistryServer;
let first: TestEnv;
let second: TestEnv;

const base = buildImage({
  layers: [
    busyboxLayer(),
    [
      { name: 'srv', type: 'dir' },
      { name: 'srv/keep', type: 'file', body: 'kept\n' },
      { name: 'srv/drop', type: 'file', body: 'dropped\n' },
      { name: 'srv/dir', type: 'dir' },
      { name: 'srv/dir/old', type: 'file', body: 'old\n' },
    ],
  ],
  config: IMAGE_CONFIG,
});

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  await pushImage(base, { registry: registry.host, repository: 'test/base', tags: ['v1'] });
  [first, second] = await Promise.all([makeTestEnv(), makeTestEnv()]);
});

after(async () => {
  if (first) {
    const ids = (await runCli(['ps', '-aq'], first.env)).stdout.split('\n').filter(Boolean);
    if (ids.length) await runCli(['rm', '-f', ...ids], first.env);
  }
  await registry?.stop();
});

async function ok(env: TestEnv, ...args: string[]): Promise<string> {
  const r = await runCli(args, env.env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('pull, run, change, commit, push, pull into a fresh store, run: the changes and deletions are there', { skip }, async () => {
  const baseRef = `${registry.host}/test/base:v1`;
  const committedRef = `${registry.host}/test/committed:v1`;
  await ok(first, 'pull', '-q', baseRef);
  const change = 'echo new > /srv/new && rm /srv/drop && rm -rf /srv/dir && mkdir /srv/dir && echo fresh > /srv/dir/only';
  await ok(first, 'run', '--name', 'changed', baseRef, 'sh', '-c', change);
  const imageId = (await ok(first, 'commit', '-c', 'ENV COMMITTED=1', 'changed', committedRef)).trim();

  const pushed = await ok(first, 'push', committedRef);
  assert.match(pushed, /^v1: digest: sha256:[0-9a-f]{64} size: \d+$/m);
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)![1]!;

  await ok(second, 'pull', '-q', committedRef);
  const [inspect] = JSON.parse(await ok(second, 'image', 'inspect', committedRef)) as { Id: string; RepoDigests: string[] }[];
  assert.equal(inspect!.Id, imageId, 'the same image ID in the fresh store');
  assert.ok(inspect!.RepoDigests.some((d) => d.endsWith(`@${digest}`)), `repo digests ${inspect!.RepoDigests.join(', ')} name ${digest}`);

  const seen = await ok(second, 'run', '--rm', committedRef, 'sh', '-c', 'ls /srv; ls /srv/dir; cat /srv/new /srv/keep; echo $COMMITTED');
  assert.equal(seen, 'dir\nkeep\nnew\nonly\nnew\nkept\n1\n');
});
