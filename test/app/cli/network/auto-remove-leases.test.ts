// A `run -d --rm` container is removed by its monitor, with no engine code
// running: the next command that reads containers (here `ps`) must drop its
// lease, its DNAT rule and the idle bridge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { containerFixture, eventually, skip } from '../containers/fixture.js';
import { freePort } from '../../../support/free-port.js';
import { nftTableName } from '../../../../engine/network/helper-net.js';

const f = containerFixture();

function nftTable(root: string): string | undefined {
  try {
    return execFileSync('nft', ['list', 'table', 'ip', nftTableName(root)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Every lease of every network record, read from the store without running the CLI. */
function leases(root: string): string[] {
  const dir = join(root, 'networks');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
    .flatMap((n) => Object.keys((JSON.parse(readFileSync(join(dir, n), 'utf8')) as { endpoints: object }).endpoints));
}

function bridgeExists(name: string): boolean {
  return execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).includes(` ${name}:`);
}

test('after a -d --rm container with -p is gone, ps drops its lease, DNAT rule and bridge', { skip }, async () => {
  const port = await freePort();
  const run = await f.cli('run', '-d', '--rm', '-p', `${port}:80`, 'busybox', 'sleep', '0.3');
  assert.equal(run.code, 0, run.stderr);
  const id = run.stdout.trim();
  await eventually(async () => !existsSync(join(f.env.root, 'containers', id)), 10_000);

  // Nothing of the engine ran since: the monitor removed only the container.
  assert.deepEqual(leases(f.env.root), [id], 'the lease outlived the container');
  assert.ok(nftTable(f.env.root)?.includes(`dport ${port} dnat`), 'the DNAT rule outlived the container');
  assert.ok(bridgeExists(f.env.bridge));

  const ps = await f.cli('ps', '-a');
  assert.equal(ps.code, 0, ps.stderr);
  assert.deepEqual(leases(f.env.root), []);
  assert.equal(nftTable(f.env.root), undefined, 'the table went with the only container');
  assert.ok(!bridgeExists(f.env.bridge), 'the idle bridge is deleted');
});

test('with nothing orphaned, ps leaves the network state alone', { skip }, async () => {
  const port = await freePort();
  const run = await f.cli('run', '-d', '--name', 'stay', '-p', `${port}:80`, 'busybox', 'sleep', '60');
  assert.equal(run.code, 0, run.stderr);
  const applied = join(f.env.root, 'networks', 'applied-rules.json');
  const before = readFileSync(applied, 'utf8');
  const mtime = statSync(applied).mtimeMs;
  assert.equal((await f.cli('ps')).code, 0);
  assert.equal(readFileSync(applied, 'utf8'), before);
  assert.equal(statSync(applied).mtimeMs, mtime, 'no sync ran');
  assert.ok(nftTable(f.env.root)?.includes(`dport ${port} dnat`));
  assert.equal((await f.cli('rm', '-f', 'stay')).code, 0);
});
