// `top CONTAINER [ps OPTIONS]`: rows of the host's ps kept by their PID column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePsOutput } from '../../../engine/containers/top-ps.js';
import { TscontainError } from '../../../engine/errors.js';

const OUTPUT = [
  'USER         PID %CPU COMMAND',
  'root           1  0.0 /sbin/init splash',
  'root         812  0.1 sleep 1000',
  'app          813  0.0 sh -c echo   two  spaces',
  '',
].join('\n');

test('keeps only the container\'s pids; the last column keeps its words', () => {
  const top = parsePsOutput(OUTPUT, [812, 813, 99]);
  assert.deepEqual(top.titles, ['USER', 'PID', '%CPU', 'COMMAND']);
  assert.deepEqual(top.processes, [
    ['root', '812', '0.1', 'sleep 1000'],
    ['app', '813', '0.0', 'sh -c echo two spaces'],
  ]);
  assert.deepEqual(parsePsOutput(OUTPUT, []).processes, []);
});

test('ps options without a PID column are the user\'s mistake, said in one line', () => {
  assert.throws(() => parsePsOutput('COMMAND\nsleep\n', [1]),
    (e: unknown) => e instanceof TscontainError && e.code === 'USAGE' && /PID column/.test(e.message));
});
