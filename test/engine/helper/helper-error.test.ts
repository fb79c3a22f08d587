// The helper's one-line reports become the engine's errors, each with the
// code and the hint a user needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helperFailure } from '../../../engine/helper/helper-error.js';

test('each helper code maps to its error and hint', () => {
  const cases: [string, number, string, RegExp][] = [
    ['DENIED', 3, 'HELPER_DENIED', /group tscontain/],
    ['UNSAFE', 4, 'UNSAFE_LAYER', /do not use it/],
    ['NOSPACE', 6, 'DISK_FULL', /free some space/],
    ['USAGE', 2, 'HELPER_MISMATCH', /sudo npm run setup/],
  ];
  for (const [code, exit, expected, hint] of cases) {
    const err = helperFailure('apply-layer', exit, null, `noise\ntscontain-helper: ${code}: something happened\n`);
    assert.equal(err.code, expected, code);
    assert.match(err.hint ?? '', hint, code);
    assert.match(err.message, /something happened/);
  }
});

test('exec failures keep Docker statuses; an unknown report is a plain failure', () => {
  assert.equal(helperFailure('exec', 127, null, 'tscontain-helper: EXEC: sh: not found').code, 'EXEC_NOT_FOUND');
  assert.equal(helperFailure('exec', 126, null, 'tscontain-helper: EXEC: permission denied').code, 'EXEC_CANNOT_RUN');
  const odd = helperFailure('run', null, 'SIGKILL', '');
  assert.equal(odd.code, 'HELPER_FAILED');
  assert.match(odd.message, /killed by SIGKILL/);
});
