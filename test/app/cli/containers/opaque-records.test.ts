// Start and exec read /etc/passwd and /etc/group through the layers without
// reading xattrs: each layer record lists the opaque directories the helper
// made when applying it (pull, commit, import, load), and the upper dir's
// own are cached. A getfattr on PATH that fails and logs proves no run.
// Records older than the field still work, and get it written back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, busyboxLayer } from '../../../support/image-builder.js';
import { makeTestEnv, runCli, type CliResult } from '../../../support/tscontain-cli.js';
import { containerFixture, eventually, IMAGE_CONFIG, OPAQUE_ETC_LAYER, skip } from './fixture.js';

const fx = containerFixture(() => ({ opq: buildImage({ layers: [busyboxLayer(), OPAQUE_ETC_LAYER], config: IMAGE_CONFIG }) }));
const cli = (...args: string[]) => fx.cli(...args);
let shimDir = '';
/** The CLI with a getfattr that only logs its call and fails. */
const noXattrCli = (...args: string[]): Promise<CliResult> =>
  runCli(args, { ...fx.env.env, PATH: `${shimDir}:${fx.env.env.PATH ?? '/usr/bin:/bin'}` });

// Top-level before hooks run concurrently: this one must not need the fixture's store.
before(async () => {
  if (skip) return;
  shimDir = await mkdtemp(join(tmpdir(), 'tsc-getfattr-'));
  await writeFile(join(shimDir, 'getfattr'), `#!/bin/sh\necho "$@" >> ${shimDir}/calls\necho 'getfattr: disabled by the test' >&2\nexit 2\n`);
  await chmod(join(shimDir, 'getfattr'), 0o755);
});

after(async () => {
  if (shimDir) await rm(shimDir, { recursive: true, force: true });
});

async function getfattrCalls(): Promise<string> {
  return readFile(join(shimDir, 'calls'), 'utf8').catch(() => '');
}

interface Record { chainId: string; parent?: string; opaqueDirs?: string[] }

async function layerRecords(): Promise<Map<string, Record>> {
  const dir = join(fx.env.root, 'layers');
  const out = new Map<string, Record>();
  for (const name of await readdir(dir)) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const r = JSON.parse(await readFile(join(dir, name, 'layer.json'), 'utf8')) as Record;
    out.set(r.chainId, r);
  }
  return out;
}

/** Chain IDs of an image, bottom first. */
async function imageLayers(ref: string): Promise<string[]> {
  const r = await cli('image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref);
  assert.equal(r.code, 0, r.stderr);
  const diffIds = JSON.parse(r.stdout) as string[];
  const records = await layerRecords();
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const parent = chain[chain.length - 1];
    const found = [...records.values()].find((l) => (l as { diffId?: string }).diffId === diffId && l.parent === parent);
    assert.ok(found, `a record for ${diffId}`);
    chain.push(found.chainId);
  }
  return chain;
}

test('a pulled layer records its opaque directories', { skip }, async () => {
  const [bottom, top] = await imageLayers('opq');
  const records = await layerRecords();
  assert.deepEqual(records.get(bottom!)?.opaqueDirs, []);
  assert.deepEqual(records.get(top!)?.opaqueDirs, ['etc']);
});

test('run and exec resolve users from the records, with no getfattr', { skip }, async () => {
  const ok = await noXattrCli('run', '--rm', '--network', 'none', '-u', 'app', 'opq', 'id', '-u');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '2000\n');
  const hidden = await noXattrCli('run', '--rm', '--network', 'none', '-u', 'app:daemon', 'opq', 'id');
  assert.equal(hidden.stderr, "Error: unable to find group daemon: no matching entries in the container's group file\n");
  const started = await noXattrCli('run', '-d', '--network', 'none', 'opq', 'sleep', '300');
  assert.equal(started.code, 0, started.stderr);
  const id = started.stdout.trim();
  const exec = await noXattrCli('exec', '-u', 'app', id, 'id', '-u');
  assert.equal(exec.code, 0, exec.stderr);
  assert.equal(exec.stdout, '2000\n');
  assert.equal(await getfattrCalls(), '', 'getfattr was never run');
  await cli('rm', '-f', id);
});

test('a directory the container made opaque at run time still hides the image files', { skip }, async () => {
  const r = await cli('run', '-d', '--network', 'none', 'opq', 'sh', '-c', 'rm -rf /etc; mkdir /etc; touch /etc/ready; sleep 300');
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  await eventually(async () => (await cli('exec', '-u', '0', id, 'ls', '/etc/ready')).code === 0);
  // upper/etc is now a new, opaque directory: the cache does not know it, getfattr does.
  const exec = await cli('exec', '-u', 'app', id, 'id', '-u');
  assert.notEqual(exec.code, 0);
  assert.match(exec.stderr, /unable to find user app/);
  await cli('rm', '-f', id);
});

test('commit, save/load and import record opaque directories too', { skip }, async () => {
  const r = await cli('run', '--name', 'opq-commit', '--network', 'none', 'opq', 'sh', '-c', 'rm -rf /home && mkdir /home && touch /home/x');
  assert.equal(r.code, 0, r.stderr);
  const committed = await cli('commit', 'opq-commit', 'opq-committed');
  assert.equal(committed.code, 0, committed.stderr);
  const commitTop = (await imageLayers('opq-committed')).at(-1)!;
  assert.deepEqual((await layerRecords()).get(commitTop)?.opaqueDirs, ['home']);

  const dir = await mkdtemp(join(tmpdir(), 'tsc-opq-save-'));
  try {
    const saved = await cli('save', '-o', join(dir, 'opq.tar'), 'opq');
    assert.equal(saved.code, 0, saved.stderr);
    const fresh = await makeTestEnv();
    const loaded = await runCli(['load', '-i', join(dir, 'opq.tar')], fresh.env);
    assert.equal(loaded.code, 0, loaded.stderr);
    const records = await readdir(join(fresh.root, 'layers'));
    const opaque = await Promise.all(records.filter((n) => /^[0-9a-f]{64}$/.test(n))
      .map(async (n) => (JSON.parse(await readFile(join(fresh.root, 'layers', n, 'layer.json'), 'utf8')) as Record).opaqueDirs));
    assert.deepEqual(opaque.map((o) => JSON.stringify(o)).sort(), ['["etc"]', '[]']);

    const exported = await cli('export', '-o', join(dir, 'fs.tar'), 'opq-commit');
    assert.equal(exported.code, 0, exported.stderr);
    const imported = await cli('import', join(dir, 'fs.tar'), 'opq-imported');
    assert.equal(imported.code, 0, imported.stderr);
    const [only] = await imageLayers('opq-imported');
    assert.deepEqual((await layerRecords()).get(only!)?.opaqueDirs, [], 'a flat export has no opaque directories, and says so');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a record without the field falls back to getfattr once and gets it written back', { skip }, async () => {
  const [, top] = await imageLayers('opq');
  const path = join(fx.env.root, 'layers', top!.slice('sha256:'.length), 'layer.json');
  const record = JSON.parse(await readFile(path, 'utf8')) as Record;
  delete record.opaqueDirs;
  await writeFile(path, JSON.stringify(record));
  const r = await cli('run', '--rm', '--network', 'none', '-u', 'app:daemon', 'opq', 'id');
  assert.match(r.stderr, /unable to find group daemon/, 'the opaque etc/ still hides the lower group file');
  assert.deepEqual((JSON.parse(await readFile(path, 'utf8')) as Record).opaqueDirs, ['etc']);
  const again = await noXattrCli('run', '--rm', '--network', 'none', '-u', 'app', 'opq', 'id', '-u');
  assert.equal(again.stdout, '2000\n', again.stderr);
});
