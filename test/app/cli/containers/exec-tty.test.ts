// `tscontain exec -it` from a real terminal: the program's terminal is a pty
// of the container's own devpts, so `tty` names it (Docker's behaviour).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, skip } from './fixture.js';
import { startCliPty } from './cli-pty.js';

const f = containerFixture();

test('exec -it: tty is a /dev/pts/N of the container, the exit code comes back', { skip }, async () => {
  const run = await f.cli('run', '-d', '--name', 'tty-target', 'busybox', 'sleep', '60');
  assert.equal(run.code, 0, run.stderr);
  const t = startCliPty(['exec', '-it', '-e', 'PS1=exec-ready> ', 'tty-target', 'sh'], f.env.env);
  try {
    await t.waitFor(/exec-ready> $/m);
    t.type('tty\r');
    await t.waitFor(/^\/dev\/pts\/\d+$/m);
    assert.doesNotMatch(t.screen(), /not a tty/);
    t.type('stty size\r');
    await t.waitFor(/^24 80$/m);
    t.type('exit 4\r');
    assert.equal(await t.exited, 4);
  } finally {
    t.dispose();
  }
});
