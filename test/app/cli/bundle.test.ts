// The bundled CLI (scripts/bundle.sh, dist/bundle/app/) that bin/tscontain
// prefers: it answers, runs a real container, and its start-up graph loads
// neither the dashboard's libraries nor node-pty. Skipped when no bundle was
// built (esbuild not installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containerFixture, skip as containerSkip } from './containers/fixture.js';
import { startInPty } from '../../support/pty-screen.js';

const BUNDLE = fileURLToPath(new URL('../../../bundle/app/main.js', import.meta.url));
const noBundle = existsSync(BUNDLE) ? undefined : 'no bundle built (npm run bundle needs esbuild)';

function runBundle(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE, ...args], { env, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

/** The bundle's files loaded before any dynamic import(), and the packages they import statically. */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^;'"]*?from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) todo.push(join(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  }
  return { files, packages };
}

test('the bundle prints the version', { skip: noBundle }, async () => {
  const r = await runBundle(['--version'], process.env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^tscontain version \d+\.\d+\.\d+/);
});

test('the bundle\'s start-up imports no Ink, React or node-pty, and few files', { skip: noBundle }, () => {
  const { files, packages } = staticGraph(BUNDLE);
  for (const heavy of ['ink', 'react', 'node-pty']) assert.ok(![...packages].some((p) => p === heavy || p.startsWith(`${heavy}/`)), `${heavy} is imported at start-up`);
  // Ink and React are bundled into the dashboard's chunks: none of their code may sit on the start-up path.
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const marker of ['react-reconciler', 'yoga-layout', 'node_modules/ink/']) assert.ok(!text.includes(marker), `${marker} in start-up file ${file}`);
  }
  assert.ok(files.length <= 5, `start-up loads ${files.length} files`);
});

const f = containerFixture();

test('the bundle runs a real container: run --rm busybox true, and the exit code passes through', { skip: noBundle ?? containerSkip }, async () => {
  const ok = await runBundle(['run', '--rm', 'busybox', 'true'], f.env.env);
  assert.equal(ok.code, 0, ok.stderr);
  const failed = await runBundle(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; exit 3'], f.env.env);
  assert.equal(failed.code, 3, failed.stderr);
  assert.equal(failed.stdout, 'out\n');
  assert.equal((await f.cli('ps', '-aq')).stdout, '', 'nothing left by --rm');
});

test('the bundle runs run -it in a terminal: its lazy terminal chunk and node-pty load', { skip: noBundle ?? containerSkip }, async () => {
  const pty = startInPty(process.execPath, [BUNDLE, 'run', '-it', '--rm', 'busybox', 'sh'], f.env.env);
  try {
    await pty.waitFor(/# $/m, 15_000);
    pty.type('echo $((6*7))x; exit 4\r');
    await pty.waitFor(/^42x\s*$/m);
    assert.equal(await pty.exited, 4);
    assert.doesNotMatch(pty.screen(), /not available in this build/);
  } finally {
    pty.dispose();
  }
});

test('the bundle opens the dashboard (Ink and React bundled, widest-line aliased) and q quits it', { skip: noBundle ?? containerSkip }, async () => {
  const env: NodeJS.ProcessEnv = { ...f.env.env, TERM: 'xterm-256color' };
  delete env.CI;
  for (const k of Object.keys(env)) if (k.startsWith('NODE_TEST')) delete env[k];
  const pty = startInPty(process.execPath, [BUNDLE], env, { cols: 100, rows: 30 });
  try {
    await pty.waitFor(/^tscontain\s+1 containers .*q quit\s*$/m, 15_000);
    await pty.waitFor(/NAME\s+IMAGE/);
    pty.type('q');
    assert.equal(await pty.exited, 0);
    assert.equal(pty.bufferType(), 'normal');
  } finally {
    pty.dispose();
  }
});
