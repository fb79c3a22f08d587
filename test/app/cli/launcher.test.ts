// bin/tscontain, the launcher users run: --env-file reaches tscontain, not
// Node (which reads that flag anywhere on its command line), and a
// container's own arguments keep their spelling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containerFixture, skip } from './containers/fixture.js';

const LAUNCHER = fileURLToPath(new URL('../../../../bin/tscontain', import.meta.url));
const f = containerFixture();

function launch(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(LAUNCHER, args, { env: f.env.env, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

test('--env-file goes to tscontain through the launcher; a container argument keeps its spelling', { skip }, async () => {
  const missing = await launch(['run', '--rm', '--env-file', '/nonexistent-env-file', 'busybox', 'true']);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /^Error: cannot read env file \/nonexistent-env-file: /);
  const file = join(f.env.root, '..', 'vars.env');
  writeFileSync(file, 'FROM_FILE=yes\n');
  const r = await launch(['run', '--rm', `--env-file=${file}`, 'busybox', 'sh', '-c', 'echo $FROM_FILE "$0"', '--env-file=kept']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'yes --env-file=kept\n');
});
