import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { ProcessWatch, processRunning } from '../../../engine/containers/process-alive.js';

function startTime(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

test('ProcessWatch agrees with processRunning: alive, wrong start time, killed, and keeps one file per watched process', async () => {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = child.pid!;
  const start = startTime(pid);
  const watch = new ProcessWatch();
  try {
    assert.equal(watch.running(pid, start), true);
    assert.equal(processRunning(pid, start), true);
    assert.equal(watch.running(pid, start), true, 'second check through the open file');
    assert.equal(watch.openCount, 1);
    assert.equal(watch.running(pid, start + 1), false, 'another start time is another process');
    assert.equal(watch.running(0, 0), false);
    assert.equal(watch.running(pid, start), true, 'reopened for the right start time');
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(watch.running(pid, start), false, 'reaped: the open file reads ESRCH');
    assert.equal(processRunning(pid, start), false);
    assert.equal(watch.openCount, 0, 'the file of a gone process is closed');
  } finally {
    child.kill('SIGKILL');
    watch.closeAll();
  }
});

test('ProcessWatch.retain closes the files of processes no longer asked about', () => {
  const watch = new ProcessWatch();
  assert.equal(watch.running(process.pid, startTime(process.pid)), true);
  assert.equal(watch.openCount, 1);
  watch.retain(new Set([process.pid]));
  assert.equal(watch.openCount, 1);
  watch.retain(new Set());
  assert.equal(watch.openCount, 0);
});
