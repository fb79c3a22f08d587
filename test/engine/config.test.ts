import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHostConfig, parseHostConfig, resolveStoreRoot } from '../../engine/config.js';
import { ConfigError } from '../../engine/errors.js';

test('a missing config file means defaults', async () => {
  const config = await loadHostConfig('/nonexistent/tscontain/config.json');
  assert.deepEqual(config.registryMirrors, []);
  assert.deepEqual(config.insecureRegistries, []);
  assert.equal(config.maxConcurrentDownloads, 3);
});

test("reads Docker's daemon.json keys", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-config-'));
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify({
    'registry-mirrors': ['http://127.0.0.1:5001'],
    'insecure-registries': ['127.0.0.0/8', 'myhost:5000'],
    'max-concurrent-downloads': 5,
    'data-root': '/srv/tscontain',
  }));
  const config = await loadHostConfig(file);
  assert.deepEqual(config.registryMirrors, ['http://127.0.0.1:5001']);
  assert.deepEqual(config.insecureRegistries, ['127.0.0.0/8', 'myhost:5000']);
  assert.equal(config.maxConcurrentDownloads, 5);
  assert.equal(resolveStoreRoot(undefined, config, {}), '/srv/tscontain');
  assert.equal(resolveStoreRoot(undefined, config, { TSCONTAIN_ROOT: '/env/root' }), '/env/root');
  assert.equal(resolveStoreRoot('/flag/root', config, { TSCONTAIN_ROOT: '/env/root' }), '/flag/root');
});

const malformed: [string, string, RegExp][] = [
  ['broken JSON', '{"registry-mirrors": [', /not valid JSON/],
  ['an array', '[]', /must hold a JSON object/],
  ['mirrors not a list', '{"registry-mirrors": "http://x"}', /"registry-mirrors" must be an array/],
  ['empty insecure entry', '{"insecure-registries": [""]}', /"insecure-registries" must be an array of non-empty strings/],
  ['bad concurrency', '{"max-concurrent-downloads": 0}', /max-concurrent-downloads/],
  ['relative data-root', '{"data-root": "var/lib"}', /data-root/],
];

for (const [name, text, pattern] of malformed) {
  test(`a malformed config is a clear error naming the file: ${name}`, () => {
    assert.throws(() => parseHostConfig('/etc/tscontain/config.json', text), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, /^\/etc\/tscontain\/config\.json: /);
      assert.match(err.message, pattern);
      return true;
    });
  });
}
