// save and load: the same image ID in a fresh store, archives made by hand
// and by podman, and hostile archives refused with one line and nothing
// left in the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { containerFixture, skip } from '../containers/fixture.js';
import { busyboxLayer } from '../../../support/image-builder.js';
import { writeTar, type TarEntry } from '../../../support/tar-writer.js';
import { makeTestEnv, runCli, type TestEnv } from '../../../support/tscontain-cli.js';

const fx = containerFixture();

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tsc-imga-'));
}

function imageId(env: TestEnv, name: string): Promise<string> {
  return runCli(['image', 'inspect', name], env.env).then((r) => {
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { Id: string }[])[0]!.Id;
  });
}

/** A docker-archive (podman's file names) with one busybox layer; `edit` makes it hostile. */
function dockerArchive(edit: (parts: { manifest: unknown[]; entries: TarEntry[]; config: Record<string, unknown> }) => void = () => undefined): Buffer {
  const layer = writeTar(busyboxLayer());
  const config: Record<string, unknown> = {
    architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] },
  };
  const manifest: unknown[] = [{ Config: 'config.json', RepoTags: ['handmade:1'], Layers: [`${sha(layer)}.tar`] }];
  const entries: TarEntry[] = [{ name: `${sha(layer)}.tar`, type: 'file', body: layer }];
  edit({ manifest, entries, config });
  return writeTar([
    ...entries,
    { name: 'config.json', type: 'file', body: JSON.stringify(config) },
    { name: 'manifest.json', type: 'file', body: JSON.stringify(manifest) },
  ]);
}

/** An image whose layer blob the store keeps (loaded from a hand-made archive), tagged `busybox:kept`. */
async function keptImage(): Promise<string> {
  const dir = await scratch();
  await writeFile(join(dir, 'a.tar'), dockerArchive(({ manifest }) => { (manifest[0] as { RepoTags: string[] }).RepoTags = ['busybox:kept']; }));
  const r = await fx.cli('load', '-i', join(dir, 'a.tar'));
  assert.equal(r.code, 0, r.stderr);
  await rm(dir, { recursive: true, force: true });
  return imageId(fx.env, 'busybox:kept');
}

test('save, then load into a fresh store, keeps the image ID; save streams to stdout', { skip }, async () => {
  const dir = await scratch();
  const file = join(dir, 'saved.tar');
  const id = await keptImage();
  const save = await fx.cli('save', '-o', file, 'busybox:kept');
  assert.equal(save.code, 0, save.stderr);
  assert.equal(save.stderr, '');
  const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
  for (const name of ['manifest.json', 'index.json', 'oci-layout', 'repositories', `blobs/sha256/${id.slice(7)}`]) assert.ok(listing.includes(name), name);

  const fresh = await makeTestEnv();
  const loaded = await runCli(['load', '-i', file], fresh.env);
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.equal(loaded.stdout, 'Loaded image: busybox:kept\n');
  assert.equal(await imageId(fresh, 'busybox:kept'), id);
  const ran = await runCli(['run', '--rm', 'busybox:kept', 'echo', 'loaded'], fresh.env);
  assert.equal(ran.stdout, 'loaded\n', ran.stderr);

  const streamed = join(dir, 'streamed.tar');
  const saved = await runCli(['save', 'busybox:kept'], fx.env.env, { stdoutFile: streamed });
  assert.equal(saved.code, 0, saved.stderr);
  const again = await makeTestEnv();
  const viaStdin = await runCli(['load'], again.env, { input: gzipSync(await readFile(streamed)) });
  assert.equal(viaStdin.code, 0, viaStdin.stderr);
  assert.equal(await imageId(again, 'busybox:kept'), id);
  await rm(dir, { recursive: true, force: true });
});

test('save rebuilds a layer whose blob is not kept from diff/, warns, and the archive loads under the new ID', { skip }, async () => {
  const dir = await scratch();
  const env = await makeTestEnv();
  await writeFile(join(dir, 'a.tar'), dockerArchive());
  assert.equal((await runCli(['load', '-i', join(dir, 'a.tar')], env.env)).code, 0);
  const id = await imageId(env, 'handmade:1');
  for (const hex of await readdir(join(env.root, 'blobs', 'sha256'))) {
    if (`sha256:${hex}` !== id) await rm(join(env.root, 'blobs', 'sha256', hex));
  }
  const file = join(dir, 'rebuilt.tar');
  const save = await runCli(['save', '-o', file, 'handmade:1'], env.env);
  assert.equal(save.code, 0, save.stderr);
  const warned = /new ID (sha256:[0-9a-f]{64})/.exec(save.stderr);
  assert.ok(warned, save.stderr);
  assert.notEqual(warned[1], id);
  const fresh = await makeTestEnv();
  assert.equal((await runCli(['load', '-i', file], fresh.env)).code, 0);
  assert.equal(await imageId(fresh, 'handmade:1'), warned[1]);
  const ran = await runCli(['run', '--rm', 'handmade:1', 'echo', 'rebuilt'], fresh.env);
  assert.equal(ran.stdout, 'rebuilt\n', ran.stderr);
  await rm(dir, { recursive: true, force: true });
});

test('a docker-archive made by hand loads and runs', { skip }, async () => {
  const dir = await scratch();
  const file = join(dir, 'handmade.tar');
  await writeFile(file, dockerArchive());
  const fresh = await makeTestEnv();
  const loaded = await runCli(['load', '-i', file], fresh.env);
  assert.equal(loaded.stdout, 'Loaded image: handmade:1\n', loaded.stderr);
  const ran = await runCli(['run', '--rm', 'handmade:1', 'sh', '-c', 'echo hand'], fresh.env);
  assert.equal(ran.stdout, 'hand\n', ran.stderr);
});

/**
 * The layout `docker save` wrote before Docker 25: a directory per layer
 * (legacy v1 ID) with layer.tar, json and VERSION, the config as
 * <image id>.json, `repositories`, and manifest.json naming those paths. A
 * layer repeated in the image is a symlink to the first copy's layer.tar,
 * as Docker wrote it.
 */
function oldDockerArchive(): { bytes: Buffer; imageId: string } {
  const base = writeTar(busyboxLayer());
  const extra = writeTar([{ name: 'etc/', type: 'dir' }, { name: 'etc/old-format', type: 'file', body: 'pre-25\n' }]);
  const layers = [base, extra, extra];
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha(l)}`) },
    history: layers.map(() => ({ created: '2020-01-01T00:00:00Z', created_by: 'test' })),
  }));
  const imageId = sha(config);
  // Legacy layer IDs: any 64 hex per chain position; Docker derived them from the chain.
  const ids = layers.map((_, i) => sha(Buffer.from(`v1-layer-${i}-${imageId}`)));
  const entries: TarEntry[] = [];
  ids.forEach((id, i) => {
    entries.push({ name: `${id}/`, type: 'dir', mode: 0o755 });
    entries.push({ name: `${id}/VERSION`, type: 'file', body: '1.0' });
    entries.push({ name: `${id}/json`, type: 'file', body: JSON.stringify({ id, ...(i ? { parent: ids[i - 1] } : {}), created: '2020-01-01T00:00:00Z' }) });
    if (i === 2) entries.push({ name: `${id}/layer.tar`, type: 'symlink', linkname: `../${ids[1]}/layer.tar` });
    else entries.push({ name: `${id}/layer.tar`, type: 'file', body: layers[i]! });
  });
  entries.push({ name: `${imageId}.json`, type: 'file', body: config });
  entries.push({ name: 'manifest.json', type: 'file', body: JSON.stringify([{ Config: `${imageId}.json`, RepoTags: ['oldformat:24'], Layers: ids.map((id) => `${id}/layer.tar`) }]) });
  entries.push({ name: 'repositories', type: 'file', body: JSON.stringify({ oldformat: { 24: ids[2] } }) });
  return { bytes: writeTar(entries), imageId: `sha256:${imageId}` };
}

test('a docker-archive in the pre-25 layout (<id>/layer.tar, <id>/json, VERSION, repositories) loads with its image ID and runs', { skip }, async () => {
  const dir = await scratch();
  const file = join(dir, 'old.tar');
  const { bytes, imageId: expected } = oldDockerArchive();
  await writeFile(file, bytes);
  const fresh = await makeTestEnv();
  const loaded = await runCli(['load', '-i', file], fresh.env);
  assert.equal(loaded.code, 0, loaded.stderr);
  assert.equal(loaded.stdout, 'Loaded image: oldformat:24\n');
  assert.equal(await imageId(fresh, 'oldformat:24'), expected);
  const ran = await runCli(['run', '--rm', 'oldformat:24', 'cat', '/etc/old-format'], fresh.env);
  assert.equal(ran.stdout, 'pre-25\n', ran.stderr);
  await rm(dir, { recursive: true, force: true });
});

function compressors(): string | undefined {
  if (skip) return skip;
  for (const p of ['xz', 'bzip2']) if (spawnSync(p, ['--help']).error) return `${p} is not installed (apt-get install xz-utils bzip2)`;
  return undefined;
}

test('load takes xz- and bzip2-compressed archives, from a file and from stdin, as docker load does', { skip: compressors() }, async () => {
  const dir = await scratch();
  const archive = dockerArchive();
  const xz = execFileSync('xz', ['-c'], { input: archive });
  await writeFile(join(dir, 'a.tar.xz'), xz);
  const viaFile = await makeTestEnv();
  const fromFile = await runCli(['load', '-i', join(dir, 'a.tar.xz')], viaFile.env);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(fromFile.stdout, 'Loaded image: handmade:1\n');
  const viaStdin = await makeTestEnv();
  const fromStdin = await runCli(['load'], viaStdin.env, { input: execFileSync('bzip2', ['-c'], { input: archive }) });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(await imageId(viaStdin, 'handmade:1'), await imageId(viaFile, 'handmade:1'));

  // Without the program: one line naming the package, and nothing stored.
  const noXz = await makeTestEnv();
  const r = await runCli(['load', '-i', join(dir, 'a.tar.xz')], { ...noXz.env, PATH: dir });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^Error: xz is not installed, so xz-compressed archives cannot be read/);
  assert.match(r.stderr, /apt-get install xz-utils/);
  assert.deepEqual(await readdir(join(noXz.root, 'images')).catch(() => []), []);
  await rm(dir, { recursive: true, force: true });
});

const hostile: [string, Buffer, RegExp][] = [
  ['a corrupt xz stream', Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(600, 9)]), /not valid xz data/],
  ['a corrupt bzip2 stream', Buffer.concat([Buffer.from('BZh9'), Buffer.alloc(600, 9)]), /not valid bzip2 data/],
  ['a config path outside the archive', dockerArchive(({ manifest }) => { (manifest[0] as { Config: string }).Config = '../config.json'; }), /not in the archive \(or points outside it\)/],
  ['an entry named ../x', dockerArchive(({ entries }) => { entries.push({ name: '../escape', type: 'file', body: 'x' }); }), /points outside the archive/],
  ['a layer that does not hash to its diff_id', dockerArchive(({ config }) => { (config.rootfs as { diff_ids: string[] }).diff_ids = [`sha256:${'0'.repeat(64)}`]; }), /digest mismatch/],
  ['a missing layer file', dockerArchive(({ entries }) => { entries.length = 0; }), /layer ".*\.tar" is not in the archive/],
  ['an absurd size (truncated archive)', (() => {
    const b = dockerArchive();
    return b.subarray(0, 3 * 512);
  })(), /truncated archive|end marker/],
  ['a manifest.json that is not a list', dockerArchive(({ manifest }) => { manifest.length = 0; }), /non-empty JSON array/],
  ['random bytes', Buffer.alloc(4096, 7), /not a valid tar archive/],
];

for (const [what, bytes, message] of hostile) {
  test(`load refuses ${what} with one error line and leaves the store as it was`, { skip }, async () => {
    const dir = await scratch();
    const file = join(dir, 'hostile.tar');
    await writeFile(file, bytes);
    const fresh = await makeTestEnv();
    const r = await runCli(['load', '-i', file], fresh.env);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^Error: /);
    assert.match(lines[0]!, message);
    for (const sub of ['images', 'layers', 'tmp', 'leases']) assert.deepEqual(await readdir(join(fresh.root, sub)).catch(() => []), [], sub);
    assert.deepEqual(await readdir(join(fresh.root, 'blobs', 'sha256')).catch(() => []), []);
  });
}

function podmanSkip(): string | false {
  if (skip) return skip;
  return spawnSync('podman', ['--version']).status === 0 ? false : 'podman is not installed';
}

test('podman loads what tscontain saves, and tscontain loads what podman saves (same image IDs)', { skip: podmanSkip() }, async () => {
  const dir = await scratch();
  const podman = (...args: string[]) => execFileSync('podman', ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const ours = join(dir, 'ours.tar');
    const id = await keptImage();
    assert.equal((await fx.cli('save', '-o', ours, 'busybox:kept')).code, 0);
    podman('load', '-i', ours);
    assert.equal(podman('image', 'inspect', '--format', '{{.Id}}', 'busybox:kept').trim(), id.slice(7));

    const theirs = join(dir, 'theirs.tar');
    podman('save', '-o', theirs, 'busybox:kept');
    const fresh = await makeTestEnv();
    const loaded = await runCli(['load', '-i', theirs], fresh.env);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.equal(await imageId(fresh, loaded.stdout.replace('Loaded image: ', '').trim()), id);

    const oci = join(dir, 'theirs-oci.tar');
    podman('save', '--format', 'oci-archive', '-o', oci, 'busybox:kept');
    const fresh2 = await makeTestEnv();
    const loadedOci = await runCli(['load', '-i', oci], fresh2.env);
    assert.equal(loadedOci.code, 0, loadedOci.stderr);
    const name = loadedOci.stdout.replace('Loaded image: ', '').trim();
    const ran = await runCli(['run', '--rm', name, 'echo', 'from podman'], fresh2.env);
    assert.equal(ran.stdout, 'from podman\n', ran.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
