import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialKey, removeCredentials, saveCredentials } from '../../../engine/auth/save-credentials.js';
import { loadCredentials } from '../../../engine/auth/docker-credentials.js';
import { ConfigError } from '../../../engine/errors.js';

test('login keys: Docker Hub under its index URL, other registries as host:port', () => {
  for (const hub of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io']) assert.equal(credentialKey(hub), 'https://index.docker.io/v1/');
  assert.equal(credentialKey('https://reg.example:5000/v2/'), 'reg.example:5000');
});

test('saving keeps other keys of the file, writes 0600, and is read back; removing drops every spelling', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'tsc-creds-')), 'sub', 'config.json');
  await saveCredentials('docker.io', { username: 'u', password: 'p:with:colons' }, file);
  const text = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...text, psFormat: 'table {{.ID}}', auths: { ...(text.auths as object), 'http://reg:5000/v1/': { auth: 'b2xkOm9sZA==' } } }));
  await saveCredentials('reg:5000', { username: 'new', password: 'pw' }, file);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { psFormat: string; auths: Record<string, unknown> };
  assert.equal(saved.psFormat, 'table {{.ID}}');
  assert.deepEqual(Object.keys(saved.auths).sort(), ['https://index.docker.io/v1/', 'reg:5000']);
  const lookup = loadCredentials(file);
  assert.deepEqual(lookup('docker.io'), { username: 'u', password: 'p:with:colons' });
  assert.deepEqual(lookup('reg:5000'), { username: 'new', password: 'pw' });
  assert.equal(await removeCredentials('reg:5000', file), true);
  assert.equal(await removeCredentials('reg:5000', file), false);
  assert.equal(loadCredentials(file)('reg:5000'), undefined);
});

test('a config file that is not JSON is a clear ConfigError, and is left alone', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'tsc-creds-')), 'config.json');
  await writeFile(file, '{oops');
  await assert.rejects(saveCredentials('reg:5000', { username: 'a', password: 'b' }, file), ConfigError);
  assert.equal(await readFile(file, 'utf8'), '{oops');
});
