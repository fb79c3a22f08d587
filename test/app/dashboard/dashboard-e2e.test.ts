// The real `tscontain` with no command, in a pty, its screen read through
// @xterm/headless: the dashboard opens, `?` shows help, the number keys
// switch to the images and volumes views and back, `q` quits and the
// terminal leaves the alternate screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import xterm from '@xterm/headless';

const main = join(dirname(fileURLToPath(import.meta.url)), '../../../app/main.js');
const isRoot = process.geteuid?.() === 0;

function screenText(term: xterm.Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < term.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
  return lines.join('\n');
}

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('tscontain with no command opens the dashboard, shows help, switches views and quits cleanly', { skip: !isRoot && 'needs root' }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'tsc-dash-'));
  const term = new xterm.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  // Ink renders nothing until exit when it believes it runs in CI.
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('NODE_TEST')) env[k] = v;
  const child = pty.spawn(process.execPath, [main], {
    name: 'xterm-256color', cols: 80, rows: 24, cwd: root,
    env: { ...env, TSCONTAIN_ROOT: root, TERM: 'xterm-256color' },
  });
  let exitCode: number | undefined;
  child.onData((data) => term.write(data));
  child.onExit((e) => { exitCode = e.exitCode; });
  try {
    await until('the dashboard header', () => screenText(term).includes('no containers'));
    assert.equal(term.buffer.active.type, 'alternate');
    assert.match(screenText(term), /no containers/);
    child.write('?');
    await until('the help overlay', () => screenText(term).includes('Keys'));
    child.write('\u001b');
    await until('help to close', () => !screenText(term).includes('Keys'));
    child.write('2');
    await until('the images view', () => screenText(term).includes('no images'));
    child.write('4');
    await until('the volumes view', () => /NAME.*SIZE.*USED BY/.test(screenText(term)) && screenText(term).includes('no volumes'));
    child.write('1');
    await until('the containers view again', () => screenText(term).includes('no containers'));
    child.write('q');
    await until('exit', () => exitCode !== undefined);
    await new Promise<void>((resolve) => term.write('', resolve));
    assert.equal(exitCode, 0);
    assert.equal(term.buffer.active.type, 'normal', 'the alternate screen was left');
  } finally {
    if (exitCode === undefined) child.kill();
    term.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('tscontain with no command and no terminal prints help, without loading ink or react', async () => {
  const { spawnSync } = await import('node:child_process');
  const hook = 'import { registerHooks } from "node:module"; registerHooks({ resolve(s, c, next) { const r = next(s, c); '
    + 'if (/[/]node_modules[/](ink|react)[/]/.test(r.url)) process.stderr.write("LOADED " + r.url + "\\n"); return r; } });';
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, main], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Usage/i);
  assert.doesNotMatch(result.stderr, /LOADED/);
  const ps = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, main, 'images', '--help'], { encoding: 'utf8' });
  assert.doesNotMatch(ps.stderr, /LOADED/);
});
