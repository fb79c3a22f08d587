import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helperStatus, idName } from '../../../engine/system/helper-status.js';

const BUILD = fileURLToPath(new URL('../../../../helper-c/build/tscontain-helper', import.meta.url));
const noBuild = existsSync(BUILD) ? undefined : 'the helper is not built (make -C helper-c)';

test('a copy of the build matches it; a different file does not; neither is setuid root', { skip: noBuild }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-helper-status-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const copy = join(dir, 'copy');
  await copyFile(BUILD, copy);
  await chmod(copy, 0o755);
  const same = await helperStatus({ TSCONTAIN_HELPER: copy });
  assert.equal(same.path, copy);
  assert.equal(same.matchesBuild, true);
  assert.equal(same.setuidRoot, false);
  assert.equal(same.mode, '0755');
  const other = join(dir, 'other');
  await writeFile(other, '#!/bin/sh\n', { mode: 0o755 });
  assert.equal((await helperStatus({ TSCONTAIN_HELPER: other })).matchesBuild, false);
  const none = await helperStatus({ TSCONTAIN_HELPER: join(dir, 'absent') });
  assert.equal(none.path, undefined);
  assert.equal(none.matchesBuild, undefined);
  assert.match(none.error ?? '', /not installed/);
});

test('ids are named from passwd/group files, numbers when unknown', () => {
  assert.equal(idName('/etc/passwd', 0), 'root');
  assert.equal(idName('/etc/passwd', 424242), '424242');
  assert.equal(idName('/nonexistent', 0), '0');
});
