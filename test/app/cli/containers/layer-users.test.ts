// Users and groups resolve through the image's layers as the overlay shows
// them: a higher layer whose etc/ is opaque (.wh..wh..opq) hides the lower
// layer's /etc/group entirely, and its own passwd replaces the lower one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImage, busyboxLayer } from '../../../support/image-builder.js';
import { containerFixture, IMAGE_CONFIG, OPAQUE_ETC_LAYER, skip } from './fixture.js';

const fx = containerFixture(() => ({ 'opaque-etc': buildImage({ layers: [busyboxLayer(), OPAQUE_ETC_LAYER], config: IMAGE_CONFIG }) }));
const cli = (...args: string[]) => fx.cli(...args);

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
