import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasSubnetRoute, isLocalAddress } from '../../../engine/network/bridge-state.js';

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
tsfast0\t0007DB0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
br-1\t1000D60A\t00000000\t0001\t0\t0\t0\tF0FFFFFF\t0\t0\t0
`;

const TRIE = `Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 10.219.7.0
        /24 link UNICAST
     |-- 10.219.7.1
        /32 host LOCAL
     |-- 10.219.7.9
        /32 link BROADCAST
`;

test('subnet route of a bridge from /proc/net/route', () => {
  assert.equal(hasSubnetRoute(ROUTE, 'tsfast0', '10.219.7.0/24'), true);
  assert.equal(hasSubnetRoute(ROUTE, 'br-1', '10.214.0.16/28'), true);
  assert.equal(hasSubnetRoute(ROUTE, 'tsfast0', '10.219.7.0/25'), false, 'other prefix');
  assert.equal(hasSubnetRoute(ROUTE, 'tsfast0', '10.219.8.0/24'), false, 'other subnet');
  assert.equal(hasSubnetRoute(ROUTE, 'eth0', '10.219.7.0/24'), false, 'other device');
  assert.equal(hasSubnetRoute(ROUTE, 'tsfast0', 'nonsense'), false);
});

test('local addresses from /proc/net/fib_trie', () => {
  assert.equal(isLocalAddress(TRIE, '10.219.7.1'), true);
  assert.equal(isLocalAddress(TRIE, '10.219.7.9'), false, 'a broadcast entry is not an address of ours');
  assert.equal(isLocalAddress(TRIE, '10.219.7.0'), false);
  assert.equal(isLocalAddress(TRIE, '10.219.7.2'), false);
});
