// Users and groups resolve through the image's layers as the overlay shows
// them: a higher layer whose etc/ is opaque (.wh..wh..opq) hides the lower
// layer's /etc/group entirely, and its own passwd replaces the lower one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startRegistry, type RegistryServer } from '../../../support/registry-server.js';
import { buildImage, busyboxLayer } from '../../../support/image-builder.js';
import { pushImage } from '../../../support/registry-push.js';
import { makeTestEnv, runCli, type CliResult } from '../../../support/tscontain-cli.js';
import { IMAGE_CONFIG, skip } from './fixture.js';

let registry: RegistryServer | undefined;
let cli: (...args: string[]) => Promise<CliResult>;

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  const top = [
    { name: 'etc/', type: 'dir' as const, mode: 0o755 },
    { name: 'etc/.wh..wh..opq', type: 'file' as const, body: '', mode: 0o644 },
    { name: 'etc/passwd', type: 'file' as const, body: 'root:x:0:0:root:/root:/bin/sh\napp:x:2000:2000:app:/home/app:/bin/sh\n', mode: 0o644 },
  ];
  const image = buildImage({ layers: [busyboxLayer(), top], config: IMAGE_CONFIG });
  await pushImage(image, { registry: registry.host, repository: 'library/opaque-etc', tags: ['latest'] });
  const env = await makeTestEnv({ 'registry-mirrors': [`http://${registry.host}`] });
  cli = (...args: string[]) => runCli(args, env.env);
  const pulled = await cli('pull', '-q', 'opaque-etc');
  if (pulled.code !== 0) throw new Error(`pull failed: ${pulled.stderr}`);
});

after(async () => {
  if (cli) {
    const ids = (await cli('ps', '-aq', '--no-trunc')).stdout.split('\n').filter(Boolean);
    if (ids.length) await cli('rm', '-f', ...ids);
  }
  await registry?.stop();
});

test('the replaced passwd of the top layer names the user', { skip }, async () => {
  const r = await cli('run', '--rm', '--network', 'none', '-u', 'app', 'opaque-etc', 'id', '-u');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '2000\n');
});

test('a group only in the lower layer, under an opaque etc/, is not found', { skip }, async () => {
  const seen = await cli('run', '--rm', '--network', 'none', 'opaque-etc', 'sh', '-c', 'cat /etc/group || echo no-group');
  assert.match(seen.stdout, /no-group/, 'the container itself sees no /etc/group');
  const r = await cli('run', '--rm', '--network', 'none', '-u', 'app:daemon', 'opaque-etc', 'id');
  assert.equal(r.code, 125);
  assert.equal(r.stderr, "Error: unable to find group daemon: no matching entries in the container's group file\n");
  const created = await cli('create', '-u', 'app:daemon', 'opaque-etc', 'id');
  assert.equal(created.code, 125, 'create checks the user through the same layers');
});
