// A pull killed with SIGKILL at any moment leaves nothing a later pull or run
// would trust, and the next pull completes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, bigLayer, deterministicBytes } from '../../support/image-builder.js';
import { pushImage } from '../../support/registry-push.js';
import { makeTestEnv, runCli, startCli } from '../../support/tscontain-cli.js';

const skip = registrySkipReason();
let registry: RegistryServer;
const SEEDS = ['a', 'b', 'c', 'd'];
const LAYER_BYTES = 12_000_000;
const image = buildImage({ layers: SEEDS.map((seed) => bigLayer(LAYER_BYTES, seed)) });

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  await pushImage(image, { registry: registry.host, repository: 'crash/big', tags: ['latest'] });
});
after(async () => registry?.stop());

test('SIGKILL during a pull never leaves a trusted partial image or layer', { skip }, async () => {
  const env = await makeTestEnv();
  const name = `${registry.host}/crash/big`;
  for (const delayMs of [30, 120, 250, 400, 600, 900]) {
    const child = startCli(['pull', name], env.env);
    const closed = new Promise((r) => child.once('close', r));
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill('SIGKILL');
    await closed;
    // Whatever is in layers/ must be complete: its record present and its
    // content exactly the layer's files.
    for (const hex of await readdir(join(env.root, 'layers')).catch(() => [])) {
      const record = JSON.parse(await readFile(join(env.root, 'layers', hex, 'layer.json'), 'utf8'));
      const index = image.layers.findIndex((l) => l.diffId === record.diffId);
      assert.ok(index >= 0, `unknown layer ${hex}`);
      const file = join(env.root, 'layers', hex, 'diff', 'big', SEEDS[index]!, 'chunk-000');
      assert.equal(sha256(await readFile(file)), sha256(deterministicBytes(LAYER_BYTES, SEEDS[index]!)));
    }
    const images = await readdir(join(env.root, 'images')).catch(() => []);
    assert.ok(images.length === 0 || images.length === 1);
    if (images.length === 1) break; // the pull finished before the kill
  }
  const result = await runCli(['pull', name], env.env);
  assert.equal(result.code, 0, result.stderr);
  assert.equal((await runCli(['images', '-q'], env.env)).stdout, `${image.configDigest.slice(7, 19)}\n`);
  assert.deepEqual(await readdir(join(env.root, 'tmp')), [], 'the next command swept the scratch of killed pulls');
  assert.equal((await readdir(join(env.root, 'layers'))).length, 4);
});

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
