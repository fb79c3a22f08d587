// `tscontain run -it` from a real terminal: what the program writes at once
// (a banner, a shell's first prompt) shows without pressing Enter, because
// the program waits for the CLI to attach before it starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, skip } from './fixture.js';
import { startCliPty } from './cli-pty.js';

const f = containerFixture();

test('run -it: the first output and prompt appear without typing, exit 3 is the exit code', { skip }, async () => {
  // busybox sh redraws its prompt on the SIGWINCH of the CLI's first resize,
  // which hid the lost prompt; the banner before it is written only once.
  const args = ['run', '-it', '--rm', '-e', 'PS1=run-ready> ', 'busybox', 'sh', '-c', 'echo banner-$((6*7)); exec sh'];
  const t = startCliPty(args, f.env.env);
  try {
    // Well under the helper's 10 s hold: the output must come from the attach, not the timeout.
    await t.waitFor(/^banner-42$/m, 5000);
    await t.waitFor(/run-ready> $/m, 5000);
    t.type('echo $((6*7))\r');
    await t.waitFor(/^42$/m);
    t.type('exit 3\r');
    assert.equal(await t.exited, 3);
  } finally {
    t.dispose();
  }
});
