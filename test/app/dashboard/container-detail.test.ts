// The detail pane's data from real records in a store on disk: the command
// as a shell would read it back, networks with addresses, mounts, and the
// log tail read from the end of log.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLayout } from '../../../engine/store/layout.js';
import { ContainerPaths, type ContainerRecord } from '../../../engine/containers/record.js';
import type { NetworkRecord } from '../../../engine/network/records.js';
import { readLogTail } from '../../../engine/containers/log-tail.js';
import { LogTails, recordDetail } from '../../../app/dashboard/container-detail.js';

const ID = 'c'.repeat(64);

function record(patch: Partial<ContainerRecord['config']> = {}, status: 'running' | 'exited' = 'running'): ContainerRecord {
  return {
    config: {
      id: ID, name: 'web', path: 'sh', args: ['-c', "echo 'hi there'", ''], mounts: [
        { type: 'bind', source: '/srv/data', target: '/data', readOnly: true },
        { type: 'volume', source: 'cache', target: '/cache', readOnly: false },
        { type: 'tmpfs', source: '', target: '/run', readOnly: false },
      ],
      ...patch,
    },
    state: { status },
  } as unknown as ContainerRecord;
}

const net = { id: 'n'.repeat(64), name: 'appnet', endpoints: { [ID]: { ip: '10.9.0.7' } } } as unknown as NetworkRecord;

test('recordDetail: the command quoted as a shell reads it, networks with addresses while running, mounts in -v spelling', () => {
  const d = recordDetail(record(), [net]);
  assert.equal(d.command, `sh -c 'echo '\\''hi there'\\''' ''`);
  assert.deepEqual(d.networks, ['appnet 10.9.0.7']);
  assert.deepEqual(d.mounts, ['/srv/data:/data:ro', 'cache:/cache', 'tmpfs:/run']);
  assert.deepEqual(recordDetail(record({}, ), []).networks, []);
  assert.deepEqual(recordDetail(record({}, 'exited'), [net]).networks, ['appnet'], 'no address once stopped');
  assert.deepEqual(recordDetail(record({ network: { mode: 'host' } } as never), []).networks, ['host']);
  // A hostile image's Cmd cannot reach the terminal.
  assert.equal(recordDetail(record({ path: 'x', args: ['\u001b]52;c;aGk=\u0007y'] }), []).command, "x 'y'");
});

function storeWithLog(): { layout: StoreLayout; log: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'tscontain-logtail-'));
  const layout = new StoreLayout(root);
  const log = new ContainerPaths(layout, ID).log;
  mkdirSync(join(log, '..'), { recursive: true });
  return { layout, log, done: () => rmSync(root, { recursive: true, force: true }) };
}

const entry = (i: number, stream = 'stdout') => `${JSON.stringify({ log: `line ${i}\n`, stream, time: `2024-01-01T00:00:0${i % 10}.000000000Z` })}\n`;

test('readLogTail: the last lines from the end of the file, a cut first line dropped, nothing read when unchanged', async () => {
  const { layout, log, done } = storeWithLog();
  try {
    assert.deepEqual(await readLogTail(layout, ID, 3), { size: 0, mtimeMs: 0, entries: [] }, 'no log yet');
    for (let i = 0; i < 50; i++) appendFileSync(log, entry(i));
    // A line still being written (no newline yet) is not shown.
    appendFileSync(log, '{"log":"part');
    const tail = (await readLogTail(layout, ID, 3))!;
    assert.deepEqual(tail.entries.map((e) => e.log), ['line 47\n', 'line 48\n', 'line 49\n']);
    // A window smaller than the log starts mid-line: that line is dropped, not misread.
    const small = (await readLogTail(layout, ID, 100, undefined, 200))!;
    assert.ok(small.entries.length >= 1 && small.entries.length < 5, String(small.entries.length));
    assert.equal(small.entries.at(-1)!.log, 'line 49\n');
    assert.equal(await readLogTail(layout, ID, 3, { size: tail.size, mtimeMs: tail.mtimeMs }), undefined);
  } finally {
    done();
  }
});

test('LogTails: lines are printable only, and re-read only after the log grows', async () => {
  const { layout, log, done } = storeWithLog();
  try {
    writeFileSync(log, `${JSON.stringify({ log: 'a\u001b[2Jb\r\n', stream: 'stderr', time: '2024-01-01T00:00:00.000000000Z' })}\n`);
    const tails = new LogTails(layout);
    const first = await tails.of(ID, 5);
    assert.deepEqual(first, [{ time: '2024-01-01T00:00:00.000000000Z', stream: 'stderr', text: 'ab' }]);
    assert.equal(await tails.of(ID, 5), first, 'the same lines, not read again');
    appendFileSync(log, entry(1));
    assert.deepEqual((await tails.of(ID, 5)).map((l) => l.text), ['ab', 'line 1']);
  } finally {
    done();
  }
});
