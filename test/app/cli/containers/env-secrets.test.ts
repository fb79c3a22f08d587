// -e values are secrets (DB_PASSWORD=...): they reach the program but never
// a command line, which every host user can read through ps. The helper gets
// them as a root-only file in the container directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startCli } from '../../../support/tscontain-cli.js';
import { containerFixture, eventually, skip } from './fixture.js';

const f = containerFixture();

/** The pids whose /proc/<pid>/cmdline contains NEEDLE. */
function cmdlinesWith(needle: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: Buffer;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`);
    } catch {
      continue; // ended meanwhile
    }
    if (cmdline.includes(needle)) found.push(Number(name));
  }
  return found;
}

test('run -e and exec -e: the program sees the values, no command line shows them', { skip }, async () => {
  const secret = `hunter2-${randomBytes(8).toString('hex')}`;
  const run = await f.cli('run', '-d', '--name', 'secrets', '-e', `DB_PASSWORD=${secret}`, 'busybox',
    'sh', '-c', 'echo "run=$DB_PASSWORD"; sleep 60');
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  const cdir = join(f.env.root, 'containers', id);
  await eventually(async () => (await f.cli('logs', 'secrets')).stdout.includes(`run=${secret}`));
  // The CLI that got -e on its own argv has ended; the monitor (a fork of the helper) runs on.
  assert.deepEqual(cmdlinesWith(secret), [], 'no process shows the run secret');
  assert.equal(statSync(join(cdir, 'env')).mode & 0o777, 0o600);

  // `-e TOKEN` takes the CLI's own value, so the CLI's argv does not hold it either while exec runs.
  const token = `s3cr3t-${randomBytes(8).toString('hex')}`;
  const exec = startCli(['exec', '-e', 'TOKEN', 'secrets', 'sh', '-c',
    'echo "tok=$TOKEN db=$DB_PASSWORD"; while [ ! -e /tmp/go ]; do sleep 0.1; done'], { ...f.env.env, TOKEN: token });
  let out = '';
  exec.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const closed = new Promise<number | null>((resolve) => exec.once('close', resolve));
  try {
    await eventually(async () => out.includes(`tok=${token} db=${secret}`));
    assert.deepEqual(cmdlinesWith(token), [], 'no process shows the exec secret while exec runs');
    assert.deepEqual(cmdlinesWith(secret), []);
    assert.deepEqual(readdirSync(cdir).filter((n) => n.startsWith('exec-env-')), [], 'the helper removed its exec env file');
  } finally {
    await f.cli('exec', 'secrets', 'touch', '/tmp/go');
  }
  assert.equal(await closed, 0);
});
