// Runs the helper's C test programs (TAP) under Node's test runner, one
// subtest per TAP line, so one command reports every test in the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const helperDir = fileURLToPath(new URL('../../../helper-c', import.meta.url));

test('helper-c C tests (TAP)', async (t) => {
  const run = spawnSync('make', ['-s', '-C', helperDir, 'test'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${run.stdout}${run.stderr}`;
  let program = '';
  let count = 0;
  for (const line of output.split('\n')) {
    const header = /^# (test_\w+)$/.exec(line);
    if (header) program = header[1]!;
    const tap = /^(ok|not ok) \d+ - (.*?)(\s+# SKIP.*)?$/.exec(line);
    if (!tap) continue;
    count++;
    const [, status, name, skipped] = tap;
    await t.test(`${program}: ${name}`, { skip: skipped ? skipped.replace(/^\s*# SKIP\s*/, '') : false }, () => {
      assert.equal(status, 'ok', output.split('\n').filter((l) => l.startsWith('#')).join('\n'));
    });
  }
  assert.ok(count > 0, `no TAP results from make test:\n${output}`);
  assert.equal(run.status, 0, `make test failed:\n${output.slice(-4000)}`);
});
