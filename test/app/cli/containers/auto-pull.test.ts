// run/create pull a missing image first, as Docker does: "Unable to find
// image" and the pull's progress on stderr, the container's output on stdout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, type RegistryServer } from '../../../support/registry-server.js';
import { buildImage, busyboxLayer } from '../../../support/image-builder.js';
import { pushImage } from '../../../support/registry-push.js';
import { makeTestEnv, runCli } from '../../../support/tscontain-cli.js';
import { IMAGE_CONFIG, skip } from './fixture.js';

let registry: RegistryServer | undefined;
let ref = '';
before(async () => {
  if (skip) return;
  registry = await startRegistry();
  const image = buildImage({ layers: [busyboxLayer()], config: IMAGE_CONFIG });
  await pushImage(image, { registry: registry.host, repository: 'qa/box', tags: ['1'] });
  ref = `${registry.host}/qa/box:1`;
});
after(async () => {
  await registry?.stop();
});

async function freshEnv() {
  const env = await makeTestEnv();
  return { root: env.root, cli: (...args: string[]) => runCli(args, env.env) };
}

test('run --rm on an empty store pulls the image, then runs it', { skip }, async () => {
  const { cli } = await freshEnv();
  const run = await cli('run', '--rm', ref, 'echo', 'hello');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'hello\n');
  assert.match(run.stderr, new RegExp(`^Unable to find image '${ref}' locally\n1: Pulling from qa/box\n`));
  assert.match(run.stderr, /Pull complete/);
  assert.match(run.stderr, new RegExp(`Status: Downloaded newer image for ${ref}\n$`));
  const images = await cli('images', '-q');
  assert.equal(images.stdout.trim().split('\n').length, 1);
  // Now present: no second pull.
  const again = await cli('run', '--rm', ref, 'true');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, '');
});

test('create pulls too; --pull always pulls a present image again', { skip }, async () => {
  const { cli } = await freshEnv();
  const created = await cli('create', ref, 'true');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^[0-9a-f]{64}\n$/);
  assert.match(created.stderr, /Unable to find image/);
  const always = await cli('run', '--rm', '--pull', 'always', ref, 'true');
  assert.equal(always.code, 0, always.stderr);
  assert.doesNotMatch(always.stderr, /Unable to find image/);
  assert.match(always.stderr, new RegExp(`Status: Image is up to date for ${ref}\n$`));
  await cli('rm', '-f', created.stdout.trim());
});

test('--pull never on a missing image: Docker\'s error, exit 125, nothing made', { skip }, async () => {
  const { root, cli } = await freshEnv();
  const run = await cli('run', '--rm', '--pull', 'never', ref, 'true');
  assert.equal(run.code, 125);
  assert.match(run.stderr, /^Error: No such image: /);
  assert.deepEqual(await readdir(join(root, 'containers')).catch(() => []), []);
  const bad = await cli('run', '--pull', 'sometimes', ref, 'true');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: invalid pull option: 'sometimes'/);
});

test('a failed pull (unknown repository) is one line, exit 125, nothing made', { skip }, async () => {
  const { root, cli } = await freshEnv();
  const run = await cli('run', '--rm', `${registry!.host}/qa/nothing-here:1`, 'true');
  assert.equal(run.code, 125, run.stderr);
  const lines = run.stderr.trimEnd().split('\n');
  assert.match(lines[0]!, /^Unable to find image /);
  assert.equal(lines.length, 2, run.stderr);
  assert.match(lines[1]!, /^Error: /);
  assert.deepEqual(await readdir(join(root, 'containers')).catch(() => []), []);
});

test('an image given by full ID is never pulled', { skip }, async () => {
  const { cli } = await freshEnv();
  const id = 'sha256:' + 'ab'.repeat(32);
  const run = await cli('run', '--rm', id, 'true');
  assert.equal(run.code, 125);
  assert.doesNotMatch(run.stderr, /Unable to find image/);
  assert.match(run.stderr, /^Error: No such image: /);
});
