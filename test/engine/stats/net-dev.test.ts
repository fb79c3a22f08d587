import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetDev, readNetDev } from '../../../engine/stats/net-dev.js';

const SAMPLE = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 9999999     100    0    0    0     0          0         0  9999999     100    0    0    0     0       0          0
  eth0: 1048576    1000    0    0    0     0          0         0    65536     500    0    0    0     0       0          0
veth1a2b:2048       10    0    0    0     0          0         0     4096      20    0    0    0     0       0          0
`;

test('net/dev: rx and tx bytes of every interface but lo', () => {
  assert.deepEqual(parseNetDev(SAMPLE), { rxBytes: 1048576 + 2048, txBytes: 65536 + 4096 });
  assert.deepEqual(parseNetDev(''), { rxBytes: 0, txBytes: 0 });
});

test('net/dev of a live process is readable, of a gone one undefined', async () => {
  const own = await readNetDev(process.pid);
  assert.ok(own && own.rxBytes >= 0 && own.txBytes >= 0);
  assert.equal(await readNetDev(2 ** 30), undefined);
});
