import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLayout } from '../../../engine/store/layout.js';
import { chainIds, commitLayer, getLayer, removeLayer, listLayers } from '../../../engine/store/layers.js';
import { makeTmpDir, sweepTmp } from '../../../engine/store/tmp.js';
import { createLease, leasedLayers, releaseLease } from '../../../engine/store/leases.js';
import { writeFileAtomic } from '../../../engine/store/atomic.js';
import { putBlob, getBlob, sha256Digest } from '../../../engine/store/blobs.js';
import { DigestMismatchError } from '../../../engine/errors.js';

async function newLayout(): Promise<StoreLayout> {
  const layout = new StoreLayout(await mkdtemp(join(tmpdir(), 'tsc-store-')));
  await layout.ensure();
  return layout;
}

/** A pid/start-time pair of a process that has certainly exited. */
function deadProcessToken(): string {
  const child = spawnSync('sh', ['-c', 'echo $$ $(cut -d" " -f22 /proc/$$/stat)'], { encoding: 'utf8' });
  const [pid, start] = child.stdout.trim().split(' ');
  return `${pid}.${start}`;
}

const A = 'sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb';
const B = 'sha256:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d';
const C = 'sha256:2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6';

test('chain IDs follow the OCI definition (vectors computed with sha256sum)', () => {
  assert.deepEqual(chainIds([A, B, C]), [
    A,
    'sha256:51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676',
    'sha256:2fce7f8ce91bcf0a1428b36e1024639fdbd9469eea762dba98aa749631885106',
  ]);
  assert.deepEqual(chainIds([]), []);
});

test('a committed layer appears whole; a second commit of the same layer is discarded', async () => {
  const layout = await newLayout();
  const record = { chainId: A, diffId: A, parent: undefined, size: 3, digest: undefined, mediaType: undefined, createdAt: 'now' };
  const first = await makeTmpDir(layout, 'layer');
  await mkdir(join(first, 'diff'));
  await writeFile(join(first, 'diff', 'file'), 'one');
  assert.equal(await commitLayer(layout, first, record), true);
  const second = await makeTmpDir(layout, 'layer');
  await mkdir(join(second, 'diff'));
  await writeFile(join(second, 'diff', 'file'), 'two');
  assert.equal(await commitLayer(layout, second, record), false);
  assert.equal(await readFile(join(layout.layerDiffDir(A), 'file'), 'utf8'), 'one');
  assert.deepEqual(await readdir(layout.tmpDir), []);
  assert.equal((await getLayer(layout, A))?.size, 3);
  await removeLayer(layout, A);
  assert.deepEqual(await listLayers(layout), []);
  assert.deepEqual(await readdir(layout.tmpDir), []);
});

test('scratch left by a dead process is swept; a live one is kept', async () => {
  const layout = await newLayout();
  const mine = await makeTmpDir(layout, 'layer');
  const dead = join(layout.tmpDir, `${deadProcessToken()}-layer-abc`);
  await mkdir(join(dead, 'diff'), { recursive: true });
  await mkdir(join(layout.tmpDir, 'junk-without-owner'));
  assert.equal(await sweepTmp(layout), 2);
  assert.deepEqual(await readdir(layout.tmpDir), [mine.slice(layout.tmpDir.length + 1)]);
});

test('leases of live processes hold layers; dead ones are dropped', async () => {
  const layout = await newLayout();
  const lease = await createLease(layout, [A, B]);
  await writeFile(join(layout.leasesDir, `${deadProcessToken()}-x.json`), JSON.stringify({ layers: [C] }));
  assert.deepEqual([...(await leasedLayers(layout))].sort(), [A, B].sort());
  assert.equal((await readdir(layout.leasesDir)).length, 1);
  await releaseLease(lease);
  assert.equal((await leasedLayers(layout)).size, 0);
});

test('atomic writes replace whole files and leave no temporaries', async () => {
  const layout = await newLayout();
  const file = join(layout.root, 'x.json');
  await writeFileAtomic(file, 'first');
  await writeFileAtomic(file, 'second', 0o600);
  assert.equal(await readFile(file, 'utf8'), 'second');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.deepEqual((await readdir(layout.root)).filter((n) => n.includes('tmp-')), []);
});

test('blobs are stored only under their true digest and checked on read', async () => {
  const layout = await newLayout();
  const data = Buffer.from('{"hello":1}');
  const digest = sha256Digest(data);
  await assert.rejects(putBlob(layout, A, data), DigestMismatchError);
  await putBlob(layout, digest, data);
  assert.deepEqual(await getBlob(layout, digest), data);
  await writeFile(layout.blobPath(digest), 'tampered');
  await assert.rejects(getBlob(layout, digest), DigestMismatchError);
});
