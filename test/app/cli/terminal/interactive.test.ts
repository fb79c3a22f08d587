// runInteractiveExec as a user sees it: a driver script runs in a real pty
// (node-pty), its screen is read with @xterm/headless, and we type into it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startInPty, type PtyScreen } from '../../../support/pty-screen.js';
import { runInteractiveExec } from '../../../../app/cli/terminal/interactive.js';
import { HelperError } from '../../../../engine/errors.js';
import { Box, boxSkipReason, HELPER } from '../../../engine/containers/attach-box.js';
import { fakeIO } from '../../../engine/containers/attach-term-io.js';

const DRIVER = fileURLToPath(new URL('./interactive-driver.js', import.meta.url));

/** A resize travels through the driver and the helper asynchronously: ask again until the program sees it. */
async function untilSize(d: PtyScreen, rows: number, cols: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    d.type('stty size\r');
    try {
      await d.waitFor(new RegExp(`^${rows} ${cols}$`, 'm'), 2000);
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

/** The driver in a pty, with a headless xterm that renders (and answers) its output. */
function startDriver(argv: string[]): PtyScreen {
  return startInPty(process.execPath, [DRIVER, ...argv], { ...process.env, PS1: '$ ' });
}

test('exec -it on the host shell: output, resize, Ctrl-C reaches the program, exit code, terminal restored', async () => {
  const d = startDriver(['/bin/sh']);
  try {
    await d.waitFor(/\$ $/m);
    d.type('echo $((6*7))\r');
    await d.waitFor(/^42$/m);
    d.resize(100, 30);
    await untilSize(d, 30, 100);
    d.type('sleep 30; echo slept\r');
    await new Promise((r) => setTimeout(r, 300));
    d.type('\x03');
    d.type('echo after-$((1+1))\r');
    // Ctrl-C interrupted sleep in the inner terminal without stopping the driver.
    await d.waitFor(/(^|[$#] )after-2$/m, 5000);
    assert.doesNotMatch(d.screen(), /^slept$/m);
    d.type('exit 5\r');
    assert.equal(await d.exited, 5);
    assert.match(d.screen(), /AFTER code=5 isRaw=false mode=cooked/);
  } finally {
    d.proc.kill('SIGKILL');
    d.dispose();
  }
});

const skip = boxSkipReason();
let box: Box;
before(() => { if (!skip) box = new Box(); });
after(async () => { if (!skip) await box.destroy(); });

test('exec -it into a real container through tscontain-helper exec --tty', { skip }, async () => {
  const c = box.run([], ['sleep', '60']);
  const d = startDriver([HELPER, 'exec', '--store', box.store, '--id', c.id, '--pid', String(c.pid), '--tty', '--', '/bin/sh']);
  try {
    await d.waitFor(/# $/m);
    // The helper gives the program a pty of the container's own devpts, so ttyname() works there.
    d.type('[ -t 0 ] && [ -t 1 ] && echo terminal-$((6*7)); tty\r');
    await d.waitFor(/^terminal-42$/m);
    await d.waitFor(/^\/dev\/pts\/\d+$/m);
    d.resize(90, 31);
    await untilSize(d, 31, 90);
    d.type('exit 5\r');
    assert.equal(await d.exited, 5);
    assert.match(d.screen(), /AFTER code=5 isRaw=false mode=cooked/);
  } finally {
    d.proc.kill('SIGKILL');
    d.dispose();
  }
});

test('exec -i without a tty pipes stdin and passes the exit code through', async () => {
  const io = fakeIO(false);
  const done = runInteractiveExec('/bin/sh', ['-c', 'cat; echo err >&2; exit 9'], { tty: false, stdin: true, signal: new AbortController().signal, io });
  io.stdin.end('piped input\n');
  assert.equal(await done, 9);
  assert.equal(io.stdout.text, 'piped input\n');
  assert.equal(io.stderr.text, 'err\n');
});

test('a program killed by a signal gives 128+N; aborting sends it SIGTERM', async () => {
  const io = fakeIO(false);
  const signal = new AbortController().signal;
  assert.equal(await runInteractiveExec('/bin/sh', ['-c', 'kill -KILL $$'], { tty: false, stdin: false, signal, io }), 137);
  const ac = new AbortController();
  const running = runInteractiveExec('/bin/sleep', ['30'], { tty: false, stdin: false, signal: ac.signal, io });
  setTimeout(() => ac.abort(), 100);
  assert.equal(await running, 143);
});

test('a missing program is HELPER_MISSING before anything touches the terminal', async () => {
  const io = fakeIO(true);
  await assert.rejects(
    runInteractiveExec('/nonexistent/tscontain-helper', [], { tty: true, stdin: true, signal: new AbortController().signal, io }),
    (e: unknown) => e instanceof HelperError && e.code === 'HELPER_MISSING',
  );
  assert.deepEqual(io.stdin.rawModes, []);
});

test('attach from a real terminal: SIGWINCH resizes, Ctrl-C reaches the container, Ctrl-p Ctrl-q detaches', { skip }, async () => {
  const c = box.run(['--tty', '--stdin'], ['/bin/sh']);
  const d = startDriver(['--attach', c.dir]);
  try {
    d.type('\r');
    await d.waitFor(/# $/m);
    d.resize(101, 32);
    await untilSize(d, 32, 101);
    d.type('sleep 30; echo slept\r');
    await new Promise((r) => setTimeout(r, 300));
    d.type('\x03');
    d.type('echo after-$((2+2))\r');
    await d.waitFor(/(^|[$#] )after-4$/m, 5000);
    d.type('\x10\x11');
    assert.equal(await d.exited, 0);
    assert.match(d.screen(), /RESULT exitCode=undefined detached=true/);
    assert.match(d.screen(), /AFTER code=0 isRaw=false mode=cooked/);
  } finally {
    d.proc.kill('SIGKILL');
    d.dispose();
  }
  const again = startDriver(['--attach', c.dir]);
  try {
    again.type('exit 6\r');
    assert.equal(await again.exited, 6);
    assert.match(again.screen(), /RESULT exitCode=6 detached=false/);
  } finally {
    again.proc.kill('SIGKILL');
    again.dispose();
  }
});
