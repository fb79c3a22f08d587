import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, humanDuration, humanBinarySize, timeAgo } from '../../../app/format/units.js';
import { formatColumns } from '../../../app/format/columns.js';

test('sizes as Docker prints them', () => {
  assert.equal(humanSize(0), '0B');
  assert.equal(humanSize(999), '999B');
  assert.equal(humanSize(7_800_000), '7.8MB');
  assert.equal(humanSize(13_312_345), '13.3MB');
  assert.equal(humanSize(134_000_000), '134MB');
  assert.equal(humanSize(1_500_000_000), '1.5GB');
  assert.equal(humanBinarySize(512), '512B');
  assert.equal(humanBinarySize(10 * 1024 * 1024), '10.0MiB');
  assert.equal(humanBinarySize(1.5 * 1024 ** 3), '1.50GiB');
});

test('durations as Docker prints them', () => {
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(1000), '1 second');
  assert.equal(humanDuration(45_000), '45 seconds');
  assert.equal(humanDuration(90_000), 'About a minute');
  assert.equal(humanDuration(30 * 60_000), '30 minutes');
  assert.equal(humanDuration(65 * 60_000), 'About an hour');
  assert.equal(humanDuration(5 * 3_600_000), '5 hours');
  assert.equal(humanDuration(3 * 86_400_000), '3 days');
  assert.equal(humanDuration(21 * 86_400_000), '3 weeks');
  assert.equal(humanDuration(90 * 86_400_000), '3 months');
  assert.equal(humanDuration(800 * 86_400_000), '2 years');
  assert.equal(timeAgo(undefined), 'N/A');
  assert.equal(timeAgo('2026-01-01T00:00:00Z', Date.parse('2026-01-01T02:00:00Z')), '2 hours ago');
});

test('columns line up three spaces apart', () => {
  const text = formatColumns(['REPOSITORY', 'TAG'], [['alpine', 'latest'], ['a-long-repository', '3']]);
  assert.equal(text, 'REPOSITORY          TAG\nalpine              latest\na-long-repository   3\n');
});
