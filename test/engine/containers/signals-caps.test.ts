// Signal and capability names are checked as Docker checks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSignal } from '../../../engine/containers/signals.js';
import { checkCapabilities, knownCapabilities } from '../../../engine/containers/capabilities.js';

test('signals by name (any case, with or without SIG) or number', () => {
  assert.equal(parseSignal('KILL'), 9);
  assert.equal(parseSignal('sigterm'), 15);
  assert.equal(parseSignal('Hup'), 1);
  assert.equal(parseSignal('10'), 10);
  assert.equal(parseSignal('RTMIN'), 34);
  assert.equal(parseSignal('SIGRTMIN+3'), 37);
  assert.equal(parseSignal('RTMAX-1'), 63);
  assert.equal(parseSignal('RTMAX'), 64);
});

test('unknown signals are Docker\'s "invalid signal: X"', () => {
  for (const bad of ['BOGUS', '0', '65', 'SIG', '', 'RTMIN-1', 'RTMAX+1', 'KILL ', '-9']) {
    assert.throws(() => parseSignal(bad), { code: 'USAGE', message: `invalid signal: ${bad}` }, JSON.stringify(bad));
  }
});

test('capabilities with or without CAP_, any case, and ALL', () => {
  checkCapabilities(['NET_ADMIN', 'cap_sys_admin', 'Cap_Kill', 'all'], ['ALL', 'chown'], 40);
  assert.equal(knownCapabilities(40).length, 41);
  assert.equal(knownCapabilities(40)[12], 'CAP_NET_ADMIN');
});

test('unknown capabilities name the field and the normalised name', () => {
  assert.throws(() => checkCapabilities(['bogus'], [], 40), { message: 'invalid CapAdd: unknown capability: "CAP_BOGUS"' });
  assert.throws(() => checkCapabilities([], ['cap_nope'], 40), { message: 'invalid CapDrop: unknown capability: "CAP_NOPE"' });
  // A kernel that stops at 37 (AUDIT_READ) does not know PERFMON.
  assert.throws(() => checkCapabilities(['PERFMON'], [], 37), { message: 'invalid CapAdd: unknown capability: "CAP_PERFMON"' });
  checkCapabilities(['PERFMON'], [], 38);
});
