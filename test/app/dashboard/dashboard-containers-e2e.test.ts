// The real `tscontain` dashboard in a pty, its screen read through
// @xterm/headless, against real containers (issue 5, "End to end"): a running
// container shows live CPU, `s` stops it, `z` pauses and unpauses another,
// `e` opens a shell in it
// whose output shows, `exit` comes back to the dashboard, and `q` quits with
// status 0 and the terminal restored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** The dashboard in a pty against the fixture's store; ended by the test's cleanup if it did not quit. */
function openDashboard(t: { after(fn: () => Promise<void>): void }): PtyScreen {
  // Ink renders nothing until exit when it believes it runs in CI.
  const ptyEnv: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(fixture.env.env)) {
    if (v !== undefined && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('NODE_TEST')) ptyEnv[k] = v;
  }
  ptyEnv.TERM = 'xterm-256color';
  const pty = startInPty(process.execPath, [CLI_ENTRY], ptyEnv, { cols: 120, rows: 30 });
  let exited = false;
  void pty.exited.then(() => { exited = true; });
  t.after(async () => {
    if (!exited) {
      pty.proc.kill('SIGKILL');
      await pty.exited;
    }
    pty.dispose();
  });
  return pty;
}

test('attach to a container\'s terminal, detach with Ctrl-p Ctrl-q, and follow, search, time-stamp and save its logs', { skip, timeout: 120_000 }, async (t) => {
  const tty = await fixture.cli('run', '-dit', '--name', 'dash-tty', 'busybox', 'sh');
  assert.equal(tty.code, 0, tty.stderr);
  const log = await fixture.cli('run', '-d', '--name', 'dash-log', 'busybox', 'sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.3; done');
  assert.equal(log.code, 0, log.stderr);
  const saveDir = mkdtempSync(join(tmpdir(), 'tscontain-dash-logs-'));
  t.after(() => rmSync(saveDir, { recursive: true, force: true }));

  const pty = openDashboard(t);
  await pty.waitFor(/tscontain\s+1 containers/, 15_000);

  // Attach: the terminal is handed over, a command typed runs in the container's own shell.
  await select(pty, 'dash-tty');
  pty.type('a');
  await until(() => pty.bufferType() === 'normal', () => `the dashboard to hand over the terminal:\n${pty.screen()}`, 15_000);
  await pty.waitFor(/attached to dash-tty; Ctrl-p Ctrl-q detaches/);
  // The monitor replays the shell's prompt once the session is connected.
  await pty.waitFor(/^\/ # ?$/m, 15_000);
  pty.type('echo $((7*6))x\r');
  await pty.waitFor(/^42x\s*$/m, 15_000);
  // Detach: back in the dashboard, and the container still runs.
  pty.type('\u0010');
  pty.type('\u0011');
  await until(() => pty.bufferType() === 'alternate', () => `the dashboard back:\n${pty.screen()}`, 15_000);
  await pty.waitFor(/detached from dash-tty/);
  // The shell left its cursor after its prompt, mid-line: the frame must still start at the top left, not wrap.
  assert.match(lines(pty)[0] ?? '', /^tscontain\s.*\? help\s+q quit\s*$/, `the tab bar in place:\n${pty.screen()}`);
  await until(() => /\srunning\s/.test(rowOf(pty, 'dash-tty') ?? ''), () => `dash-tty still running:\n${pty.screen()}`);

  // Logs: lines stream in while the view is open.
  await select(pty, 'dash-log');
  // The detail pane under the list already shows its command and latest output.
  await pty.waitFor(/^cmd sh -c 'i=0; while true/m);
  await pty.waitFor(/^tick \d+\s*$/m, 15_000);
  pty.type('l');
  await pty.waitFor(/Logs of dash-log/);
  await pty.waitFor(/^tick \d+\s*$/m, 15_000);
  const newest = () => Math.max(-1, ...lines(pty).map((l) => /^tick (\d+)\s*$/.exec(l)?.[1]).filter((n) => n !== undefined).map(Number));
  const seen = newest();
  await until(() => newest() > seen + 1, () => `new lines followed in:\n${pty.screen()}`, 15_000);
  // Timestamps on.
  pty.type('t');
  await pty.waitFor(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z tick \d+/m);
  // Search: the status of the search says how many lines match.
  pty.type('/');
  await pty.waitFor(/^\/ ?$/m);
  pty.type('tick 1');
  await pty.waitFor(/^\/tick 1 ?$/m);
  pty.type('\r');
  await pty.waitFor(/search "tick 1": \d+ matching lines/);
  pty.type('n');
  // Keys typed together arrive as one read (the app takes such a burst key by key); n may not move the match.
  await pty.waitFor(/search "tick 1": \d+ matching lines, at \d+/);
  // Save: the prompt offers ./dash-log.log; Ctrl-u clears it for a path of ours.
  // S, not Ctrl-s: where a terminal has flow control on (IXON), Ctrl-s is XOFF and
  // never reaches the program; the key map offers both (Ctrl-s is unit-tested).
  pty.type('S');
  await pty.waitFor(/Save to: \.\/dash-log\.log/);
  pty.type('\u0015');
  await pty.waitFor(/^Save to: +\(Enter/m);
  const saved = join(saveDir, 'dash-log.log');
  pty.type(saved);
  await pty.waitFor(new RegExp(`Save to: ${saved}`));
  pty.type('\r');
  await pty.waitFor(/saved \d+ lines to /, 15_000);
  assert.ok(existsSync(saved));
  assert.match(readFileSync(saved, 'utf8'), /^\S+Z tick 0\n\S+Z tick 1\n/, 'the whole log, with timestamps as shown');
  // Esc clears the search, Esc again leaves the logs.
  pty.type('\u001b');
  await until(() => !/matching lines/.test(pty.screen()), () => `search cleared:\n${pty.screen()}`);
  pty.type('\u001b');
  await pty.waitFor(/NAME\s+IMAGE\s+STATE/);
  pty.type('q');
  assert.equal(await pty.exited, 0);
});

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
  // Other tests in this file share the store: count whatever is there.
  const header = /tscontain\s+1 containers \(\d+\)/;

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

  // 3. z pauses the other container (its cgroup frozen, as `ps` says too) and z unpauses it.
  await select(pty, 'dash-shell');
  assert.match(rowOf(pty, 'dash-shell')!, /\srunning\s/);
  pty.type('z');
  await until(() => /\spaused\s/.test(rowOf(pty!, 'dash-shell') ?? ''), () => `dash-shell paused:\n${pty!.screen()}`, 15_000);
  await pty.waitFor(/Up .* \(Paused\)/);
  await pty.waitFor(/paused 1 container/);
  const ps = await fixture.cli('ps', '--filter', 'status=paused', '--format', '{{.Names}}');
  assert.equal(ps.stdout.trim(), 'dash-shell');
  pty.type('z');
  await until(() => /\srunning\s/.test(rowOf(pty!, 'dash-shell') ?? ''), () => `dash-shell unpaused:\n${pty!.screen()}`, 15_000);
  await pty.waitFor(/unpaused 1 container/);

  // 4. A shell in it: the command's output shows.
  pty.type('e');
  await until(() => pty!.bufferType() === 'normal', () => `the dashboard to hand over the terminal:\n${pty!.screen()}`, 15_000);
  await pty.waitFor(/^\/ # ?$/m, 15_000); // the shell's prompt
  pty.type('echo $((6*7))\r');
  await pty.waitFor(/^42\s*$/m);

  // 5. `exit` leaves the shell and the dashboard is back.
  pty.type('exit\r');
  await until(() => pty!.bufferType() === 'alternate', () => `the dashboard back:\n${pty!.screen()}`, 15_000);
  await pty.waitFor(header);
  await pty.waitFor(/shell exited with code 0/);

  // 6. `q` quits: status 0, the alternate screen left.
  pty.type('q');
  const code = await pty.exited;
  assert.equal(code, 0);
  assert.equal(pty.bufferType(), 'normal', 'the alternate screen was left');
});
