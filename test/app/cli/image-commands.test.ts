// The image commands as a user runs them: the real CLI in a child process,
// a real registry set up as the docker.io mirror, a fresh store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, busyboxLayer } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { freePort } from '../../support/free-port.js';
import { makeTestEnv, runCli, type TestEnv } from '../../support/tscontain-cli.js';

const skip = registrySkipReason();
let registry: RegistryServer;
let env: TestEnv;
const image = buildImage({
  layers: [busyboxLayer(), [{ name: 'etc/motd', type: 'file', body: 'hello\n' }]],
  config: { Cmd: ['sh'] },
});

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  await pushImage(image, { registry: registry.host, repository: 'library/busybox', tags: ['latest', '1.36'] });
  env = await makeTestEnv({ 'registry-mirrors': [`http://${registry.host}`] });
});
after(async () => registry?.stop());

test('pull from Docker Hub names goes through the configured mirror', { skip }, async () => {
  const result = await runCli(['pull', 'busybox'], env.env);
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines[0], 'Using default tag: latest');
  assert.equal(lines[1], 'latest: Pulling from library/busybox');
  assert.ok(lines.includes(`${image.layers[0]!.digest.slice(7, 19)}: Pull complete`));
  assert.ok(lines.includes(`Digest: ${image.manifestDigest}`));
  assert.ok(lines.includes('Status: Downloaded newer image for busybox:latest'));
  assert.equal(lines.at(-1), 'docker.io/library/busybox:latest');

  const again = await runCli(['pull', '-q', 'busybox:latest'], env.env);
  assert.equal(again.stdout, 'docker.io/library/busybox:latest\n');
});

test('images lists names, IDs, sizes; -q, --digests and --format json', { skip }, async () => {
  await runCli(['tag', 'busybox', 'mine/box:v2'], env.env);
  const table = await runCli(['images'], env.env);
  assert.equal(table.code, 0);
  const [header, ...rows] = table.stdout.trim().split('\n');
  assert.match(header!, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  const id = image.configDigest.slice(7, 19);
  assert.ok(rows.some((r) => new RegExp(`^busybox\\s+latest\\s+${id}\\s+\\S.* ago\\s+\\d`).test(r)), table.stdout);
  assert.ok(rows.some((r) => new RegExp(`^mine/box\\s+v2\\s+${id}`).test(r)), table.stdout);

  assert.equal((await runCli(['images', '-q'], env.env)).stdout, `${id}\n`);
  const digests = await runCli(['images', '--digests', 'busybox'], env.env);
  assert.ok(digests.stdout.includes(image.manifestDigest), digests.stdout);
  const json = (await runCli(['images', '--format', 'json'], env.env)).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(json.some((j) => j.Repository === 'mine/box' && j.Tag === 'v2' && j.ID === id));

  const inspect = JSON.parse((await runCli(['image', 'inspect', 'mine/box:v2'], env.env)).stdout);
  assert.equal(inspect[0].Id, image.configDigest);
  assert.deepEqual(inspect[0].Config.Cmd, ['sh']);
  assert.deepEqual(inspect[0].RootFS.Layers, image.layers.map((l) => l.diffId));
});

test('rmi refuses an image a container uses, and frees layers when it goes', { skip }, async () => {
  const containerDir = join(env.root, 'containers', 'c'.repeat(64));
  await mkdir(containerDir, { recursive: true });
  await writeFile(join(containerDir, 'config.json'), JSON.stringify({ id: 'c'.repeat(64), name: 'web', image: image.configDigest }));
  await runCli(['rmi', 'mine/box:v2'], env.env); // one of two names: untag only
  const refused = await runCli(['rmi', 'busybox'], env.env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: image busybox:latest is used by container web; remove the container first, or use -f\n$/);

  await writeFile(join(containerDir, 'config.json'), '{}');
  const removed = await runCli(['rmi', 'busybox'], env.env);
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(removed.stdout, /^Untagged: busybox:latest\n/m);
  assert.match(removed.stdout, new RegExp(`^Deleted: ${image.configDigest}$`, 'm'));
  assert.deepEqual(await readdir(join(env.root, 'layers')), []);
  assert.deepEqual(await readdir(join(env.root, 'blobs', 'sha256')), []);
  assert.equal((await runCli(['images', '-q'], env.env)).stdout, '');
});

const failures: [string, () => string[], RegExp, number][] = [
  // Straight to the registry: through the mirror a miss would fall back to Docker Hub.
  ['unknown tag', () => ['pull', `${registry.host}/library/busybox:nope`], /^Error: manifest for .*busybox:nope not found/, 1],
  ['unknown repository', () => ['pull', `${registry.host}/no/such`], /^Error: .*no\/such/, 1],
  ['bad reference', () => ['pull', 'Busybox'], /^Error: invalid reference format "Busybox"/, 1],
  ['unknown image for rmi', () => ['rmi', 'ghost'], /^Error: No such image: ghost/, 1],
  ['bad flag', () => ['images', '--bogus'], /^Error: unknown flag: --bogus; see 'tscontain images --help'/, 125],
  ['unknown command', () => ['frobnicate'], /^Error: unknown command "frobnicate"/, 125],
  ['bad platform', () => ['pull', '--platform', 'linux/', 'busybox'], /^Error: invalid platform "linux\/"/, 125],
];
for (const [name, argv, pattern, code] of failures) {
  test(`bad input is one clear line and exit ${code}: ${name}`, { skip }, async () => {
    const result = await runCli(argv(), env.env);
    assert.equal(result.code, code, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
}

test('an unreachable registry is one clear line', { skip }, async () => {
  const port = await freePort();
  const result = await runCli(['pull', `127.0.0.1:${port}/x/y`], env.env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`^Error: .*127\\.0\\.0\\.1:${port}.*\\n$`));
});

test('a malformed config file is named in the error', { skip }, async () => {
  const broken = join(env.root, '..', 'broken.json');
  await writeFile(broken, '{"registry-mirrors": ');
  const result = await runCli(['images'], { ...env.env, TSCONTAIN_CONFIG: broken });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`^Error: ${broken.replace(/[.]/g, '\\.')}: not valid JSON`));
});

test('without root the commands say so', { skip }, async () => {
  const result = await runCli(['images'], env.env, { uid: 65534, gid: 65534 });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'Error: tscontain images needs root; run it with sudo\n');
});

test('help and version', async () => {
  const help = await runCli(['--help'], process.env);
  assert.match(help.stdout, /Usage:\s+tscontain \[OPTIONS\] COMMAND/);
  for (const command of ['pull', 'images', 'rmi', 'tag', 'image inspect']) assert.ok(help.stdout.includes(command), command);
  const pullHelp = await runCli(['pull', '--help'], process.env);
  assert.match(pullHelp.stdout, /Usage:\s+tscontain pull \[OPTIONS\] NAME\[:TAG\|@DIGEST\]/);
  assert.match(pullHelp.stdout, /--platform string/);
  assert.match((await runCli(['--version'], process.env)).stdout, /^tscontain version \d+\.\d+\.\d+\n$/);
});
