import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseBlkioServiceBytes, parseFlatKeyed, parseIoStat, parseSingleNumber,
} from '../../../engine/stats/parse-cgroup-files.js';

test('flat keyed files: memory.stat, cpu.stat, memory.events', () => {
  const stat = parseFlatKeyed('anon 4096\nfile 8192\ninactive_file 1024\n\nbroken\nweird x\n');
  assert.equal(stat.get('inactive_file'), 1024);
  assert.equal(stat.get('anon'), 4096);
  assert.equal(stat.has('broken'), false);
  assert.equal(stat.has('weird'), false);
});

test('single-number files', () => {
  assert.equal(parseSingleNumber('12345\n'), 12345);
  assert.equal(parseSingleNumber('max\n'), undefined);
  assert.equal(parseSingleNumber(''), undefined);
  assert.equal(parseSingleNumber(undefined), undefined);
  assert.equal(parseSingleNumber('9223372036854771712\n'), 9223372036854771712);
});

test('io.stat sums rbytes and wbytes over devices', () => {
  assert.deepEqual(parseIoStat(
    '8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n' +
    '8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021\n'),
  { read: 1459200 + 90430464, write: 314773504 + 299008000 });
  assert.deepEqual(parseIoStat(''), { read: 0, write: 0 });
});

test('blkio.throttle.io_service_bytes sums Read and Write, ignores Total and other ops', () => {
  assert.deepEqual(parseBlkioServiceBytes(
    '8:0 Read 100\n8:0 Write 200\n8:0 Sync 300\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 300\n' +
    '253:1 Read 1\n253:1 Write 2\n253:1 Total 3\nTotal 303\n'),
  { read: 101, write: 202 });
  assert.deepEqual(parseBlkioServiceBytes('Total 0\n'), { read: 0, write: 0 });
});
