// The record of bridges with host FORWARD rules: the helper is asked to
// recompute only when a recorded bridge vanished without bridge-down. A fake
// helper (a script logging its arguments) stands in for the real one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLayout } from '../../../engine/store/layout.js';
import { noteBridgeUp, pruneForwardRules } from '../../../engine/network/forward-rules.js';

let dir: string;
let log: string;
let saved: string | undefined;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsc-fwdrec-'));
  log = join(dir, 'calls.log');
  const fake = join(dir, 'helper.sh');
  writeFileSync(fake, `#!/bin/sh\necho "$@" >> ${log}\n`);
  chmodSync(fake, 0o755);
  saved = process.env.TSCONTAIN_HELPER;
  process.env.TSCONTAIN_HELPER = fake;
});

after(() => {
  if (saved === undefined) delete process.env.TSCONTAIN_HELPER;
  else process.env.TSCONTAIN_HELPER = saved;
  rmSync(dir, { recursive: true, force: true });
});

const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

test('bridges are recorded only when the helper added rules; taken down or vanished, they leave the record', async () => {
  const layout = new StoreLayout(join(dir, 'store'));
  const file = join(layout.root, 'networks', 'forward-rules.json');
  await noteBridgeUp(layout, 'br-a', false, undefined);
  assert.equal(existsSync(file), false, 'no rules, no record');
  await noteBridgeUp(layout, 'br-b', true, undefined);
  await noteBridgeUp(layout, 'br-a', true, undefined);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).bridges, ['br-a', 'br-b']);

  await pruneForwardRules(layout, new Set(['br-a', 'br-b']), new Set());
  assert.deepEqual(calls(), [], 'all there: no helper call');
  await pruneForwardRules(layout, new Set(['br-a']), new Set(['br-b']));
  assert.deepEqual(calls(), [], 'br-b went by bridge-down, which took its rules out itself');
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).bridges, ['br-a']);
  await pruneForwardRules(layout, new Set(), new Set());
  assert.deepEqual(calls(), [`net --store ${layout.root} forward-sync`], 'br-a vanished: the helper recomputes the chain');
  assert.equal(existsSync(file), false, 'an empty record is removed');
});

test('a helper warning is kept in the record', async () => {
  const layout = new StoreLayout(join(dir, 'store2'));
  await noteBridgeUp(layout, 'br-c', false, 'IO: /usr/sbin/iptables-nft failed: table incompatible');
  const r = JSON.parse(readFileSync(join(layout.root, 'networks', 'forward-rules.json'), 'utf8'));
  assert.deepEqual(r, { bridges: [], warning: 'IO: /usr/sbin/iptables-nft failed: table incompatible' });
});
