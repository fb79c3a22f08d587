import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredentials } from '../../../engine/auth/docker-credentials.js';
import { ConfigError } from '../../../engine/errors.js';

async function file(content: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'tsc-auth-')), 'config.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

test("reads Docker's auths, with Docker Hub under its index URL", async () => {
  const lookup = loadCredentials(await file({
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
      '127.0.0.1:5000': { auth: b64('alice:secret') },
      'https://quay.example/': { username: 'bob', password: 'pw' },
    },
  }));
  assert.deepEqual(lookup('docker.io'), { username: 'hubuser', password: 'hub:pass' });
  assert.deepEqual(lookup('127.0.0.1:5000'), { username: 'alice', password: 'secret' });
  assert.deepEqual(lookup('quay.example'), { username: 'bob', password: 'pw' });
  assert.equal(lookup('other:5000'), undefined);
});

test('no file means anonymous; a broken one is a clear error', async () => {
  assert.equal(loadCredentials('/nonexistent/config.json')('docker.io'), undefined);
  assert.throws(() => loadCredentials('/dev/null/x'), ConfigError);
  const bad = await file({ auths: { 'r:1': { auth: b64('nocolon') } } });
  assert.throws(() => loadCredentials(bad), /not base64 of user:password/);
});
