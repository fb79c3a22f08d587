// The real `tscontain` dashboard in a pty, its screen read through
// @xterm/headless, against real containers (issue 5, "End to end"): a running
// container shows live CPU, `s` stops it, `e` opens a shell in another one
// whose output shows, `exit` comes back to the dashboard, and `q` quits with
// status 0 and the terminal restored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startInPty, type PtyScreen } from '../../support/pty-screen.js';
import { CLI_ENTRY } from '../../support/tscontain-cli.js';
import { until } from '../../engine/containers/attach-term-io.js';
import { containerFixture, skip } from '../cli/containers/fixture.js';

const fixture = containerFixture();

// pid 1 exits on SIGTERM, so `stop` does not wait for its timeout.
const LOOP = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
const STOP_TIMEOUT_MS = 10_000; // the dashboard stops with the engine's default, 10 s

/** The screen's lines. */
const lines = (pty: PtyScreen): string[] => pty.screen().split('\n');

/** The line of the container called `name` in the table, if shown. */
function rowOf(pty: PtyScreen, name: string): string | undefined {
  return lines(pty).find((l) => new RegExp(`(^|\\s)${name}\\s+busybox\\s`).test(l));
}

/** The CPU% cell of `name`'s row, read under the (right-aligned) CPU% header. */
function cpuCell(pty: PtyScreen, name: string): string | undefined {
  const header = lines(pty).find((l) => /\bNAME\b.*\bCPU%/.test(l));
  const row = rowOf(pty, name);
  if (!header || !row) return undefined;
  const end = header.indexOf('CPU%') + 'CPU%'.length;
  return row.slice(end - 6, end).trim();
}

/**
 * Selects `name`'s row by filtering the list down to it: Esc clears a filter
 * in effect, `/` opens the filter, the name, Enter keeps it. Each key waits
 * for its effect on screen, so keys never reach the app in one read (a
 * control key and text in one chunk are not text input).
 */
async function select(pty: PtyScreen, name: string): Promise<void> {
  if (/\bfilter: /.test(pty.screen())) {
    pty.type('\u001b');
    await until(() => !/\bfilter: /.test(pty.screen()), () => `the filter cleared:\n${pty.screen()}`);
  }
  pty.type('/');
  await pty.waitFor(/^\/ ?$/m);
  pty.type(name);
  await pty.waitFor(new RegExp(`^/${name} ?$`, 'm'));
  pty.type('\r');
  await pty.waitFor(new RegExp(`filter: ${name}`));
  await until(() => rowOf(pty, name) !== undefined && lines(pty).filter((l) => /\s+busybox\s+[a-z]+\s+(Up|Exited|Created)\b/.test(l)).length === 1,
    () => `only ${name}'s row on screen:\n${pty.screen()}`);
}

test('the dashboard shows live CPU, stops a container, opens a shell in another and quits cleanly', { skip, timeout: 120_000 }, async (t) => {
  let pty: PtyScreen | undefined;
  let exitCode: number | undefined;
  t.after(async () => {
    if (pty && exitCode === undefined) {
      pty.proc.kill('SIGKILL');
      await pty.exited;
    }
    pty?.dispose();
  });

  for (const name of ['dash-cpu', 'dash-shell']) {
    const run = await fixture.cli('run', '-d', '--name', name, 'busybox', ...LOOP);
    assert.equal(run.code, 0, run.stderr);
  }

  // Ink renders nothing until exit when it believes it runs in CI.
  const ptyEnv: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(fixture.env.env)) {
    if (v !== undefined && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('NODE_TEST')) ptyEnv[k] = v;
  }
  ptyEnv.TERM = 'xterm-256color';
  pty = startInPty(process.execPath, [CLI_ENTRY], ptyEnv, { cols: 120, rows: 30 });
  void pty.exited.then((code) => { exitCode = code; });
  const header = /tscontain\s+1 containers \(2\)/;

  // 1. The dashboard, with the running container and a CPU% figure in its row.
  await pty.waitFor(header, 15_000);
  assert.equal(pty.bufferType(), 'alternate');
  await until(() => /^\d+\.\d$/.test(cpuCell(pty!, 'dash-cpu') ?? ''), () => `a CPU% figure for dash-cpu:\n${pty!.screen()}`, 15_000);
  assert.match(rowOf(pty, 'dash-cpu')!, /\srunning\s/);

  // 2. Select it and stop it with `s`: exited within the stop timeout.
  await select(pty, 'dash-cpu');
  pty.type('s');
  await until(() => /\sexited\s/.test(rowOf(pty!, 'dash-cpu') ?? ''), () => `dash-cpu exited:\n${pty!.screen()}`, STOP_TIMEOUT_MS);
  await pty.waitFor(/stopped 1 container/);
  assert.equal(cpuCell(pty, 'dash-cpu'), '-');

  // 3. A shell in the other container: the command's output shows.
  await select(pty, 'dash-shell');
  assert.match(rowOf(pty, 'dash-shell')!, /\srunning\s/);
  pty.type('e');
  await until(() => pty!.bufferType() === 'normal', () => `the dashboard to hand over the terminal:\n${pty!.screen()}`, 15_000);
  await pty.waitFor(/^\/ # ?$/m, 15_000); // the shell's prompt
  pty.type('echo $((6*7))\r');
  await pty.waitFor(/^42\s*$/m);

  // 4. `exit` leaves the shell and the dashboard is back.
  pty.type('exit\r');
  await until(() => pty!.bufferType() === 'alternate', () => `the dashboard back:\n${pty!.screen()}`, 15_000);
  await pty.waitFor(header);
  await pty.waitFor(/shell exited with code 0/);

  // 5. `q` quits: status 0, the alternate screen left.
  pty.type('q');
  const code = await pty.exited;
  assert.equal(code, 0);
  assert.equal(pty.bufferType(), 'normal', 'the alternate screen was left');
});
