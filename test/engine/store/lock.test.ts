import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withStoreLock } from '../../../engine/store/lock.js';
import { StoreError } from '../../../engine/errors.js';

const lockModule = fileURLToPath(new URL('../../../engine/store/lock.js', import.meta.url));

/** Starts a separate process that takes the lock and holds it until killed. */
async function holdInChild(root: string) {
  const code = `import(${JSON.stringify(lockModule)}).then(m => m.withStoreLock(${JSON.stringify(root)}, () => { process.stdout.write('held\\n'); return new Promise(() => setInterval(() => {}, 1000)); }))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`child exited ${c}`)));
  });
  return child;
}

test('another process holding the lock excludes us until it dies, even by SIGKILL', async () => {
  const root = await mkdtemp(join(tmpdir(), 'tsc-lock-'));
  const child = await holdInChild(root);
  try {
    await assert.rejects(withStoreLock(root, async () => 'got it', { timeoutMs: 300 }), (err: unknown) => {
      assert.ok(err instanceof StoreError);
      assert.equal(err.code, 'STORE_LOCKED');
      return true;
    });
  } finally {
    child.kill('SIGKILL');
  }
  await new Promise((r) => child.once('exit', r));
  assert.equal(await withStoreLock(root, async () => 'got it', { timeoutMs: 5000 }), 'got it');
});

test('concurrent holders in one process run one after the other', async () => {
  const root = await mkdtemp(join(tmpdir(), 'tsc-lock-'));
  const order: string[] = [];
  let inside = 0;
  const work = (name: string) => withStoreLock(root, async () => {
    inside++;
    assert.equal(inside, 1, 'two holders at once');
    order.push(`${name}-in`);
    await new Promise((r) => setTimeout(r, 20));
    order.push(`${name}-out`);
    inside--;
  });
  await Promise.all([work('a'), work('b'), work('c')]);
  assert.deepEqual(order, ['a-in', 'a-out', 'b-in', 'b-out', 'c-in', 'c-out']);
});

test('the lock is re-entrant along one call chain', async () => {
  const root = await mkdtemp(join(tmpdir(), 'tsc-lock-'));
  const result = await withStoreLock(root, () => withStoreLock(root, async () => 42, { timeoutMs: 200 }));
  assert.equal(result, 42);
});
