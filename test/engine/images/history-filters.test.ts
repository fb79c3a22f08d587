import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairHistory } from '../../../engine/images/image-history.js';
import { filterImageRows, globToRegExp, parseImageFilters } from '../../../engine/images/filter-images.js';
import type { ImageRow } from '../../../engine/images/list-images.js';
import { UsageError } from '../../../engine/errors.js';

test('history entries pair with layers bottom-up; empty_layer entries get 0; newest first', () => {
  const rows = pairHistory([
    { created: 't0', created_by: 'ADD rootfs' },
    { created: 't1', created_by: 'ENV A=1', empty_layer: true },
    { created: 't2', created_by: 'RUN make', comment: 'built' },
  ], [100, 200], 't9');
  assert.deepEqual(rows.map((r) => [r.createdBy, r.size, r.comment]), [['RUN make', 200, 'built'], ['ENV A=1', 0, ''], ['ADD rootfs', 100, '']]);
});

test('an image without history still lists each layer; surplus entries make no size', () => {
  assert.deepEqual(pairHistory([], [5, 6], 'tc').map((r) => [r.size, r.created]), [[6, 'tc'], [5, 'tc']]);
  assert.deepEqual(pairHistory([{ created_by: 'a' }, { created_by: 'b' }], [5], undefined).map((r) => r.size), [0, 5]);
});

test('Go path.Match globs: * and ? stop at "/", classes, escapes', () => {
  assert.ok(globToRegExp('busy*').test('busybox:latest'));
  assert.ok(!globToRegExp('*').test('library/busybox'));
  assert.ok(globToRegExp('*/*').test('library/busybox'));
  assert.ok(globToRegExp('a?c').test('abc'));
  assert.ok(globToRegExp('[a-c]x').test('bx') && !globToRegExp('[^a-c]x').test('bx'));
  assert.ok(globToRegExp('a\\*').test('a*') && !globToRegExp('a\\*').test('ab'));
  assert.ok(globToRegExp('a.b').test('a.b') && !globToRegExp('a.b').test('axb'));
  assert.throws(() => globToRegExp('[abc'), UsageError);
});

test('image filters: bad keys and formats are usage errors', () => {
  assert.throws(() => parseImageFilters(['color=red']), /invalid filter 'color'/);
  assert.throws(() => parseImageFilters(['dangling']), /bad format of filter/);
  assert.throws(() => parseImageFilters(['dangling=maybe']), /invalid filter 'dangling=maybe'/);
  assert.deepEqual([...parseImageFilters(['label=a', 'label=b=c']).get('label')!], ['a', 'b=c']);
});

const img = (repository: string, tag: string, created: string, id = repository): ImageRow => ({ id, repository, tag, digest: '<none>', created, size: 1, containers: [] });
const rows = [img('busybox', 'latest', '2024-03-01T00:00:00Z'), img('alpine', '3.19', '2024-02-01T00:00:00Z'), img('<none>', '<none>', '2024-01-01T00:00:00Z', 'x'), img('library/web', 'v1', '2024-04-01T00:00:00Z')];
const labels: Record<string, Record<string, string>> = { busybox: { tier: 'base', team: 'a' }, alpine: { tier: 'base' } };
const facts = {
  labels: async (r: ImageRow) => labels[r.id] ?? {},
  createdOf: async (name: string) => rows.find((r) => r.repository === name)?.created,
};
const run = async (...specs: string[]) => (await filterImageRows(rows, parseImageFilters(specs), facts)).map((r) => r.repository);

test('image filters select as Docker does', async () => {
  assert.deepEqual(await run(), ['busybox', 'alpine', '<none>', 'library/web']);
  assert.deepEqual(await run('dangling=true'), ['<none>']);
  assert.deepEqual(await run('dangling=false'), ['busybox', 'alpine', 'library/web']);
  assert.deepEqual(await run('reference=busy*'), ['busybox']);
  assert.deepEqual(await run('reference=alpine:3.*'), ['alpine']);
  assert.deepEqual(await run('reference=*/*'), ['library/web']);
  assert.deepEqual(await run('reference=busybox', 'reference=alpine'), ['busybox', 'alpine'], 'references are alternatives');
  assert.deepEqual(await run('label=tier=base'), ['busybox', 'alpine']);
  assert.deepEqual(await run('label=tier=base', 'label=team'), ['busybox'], 'labels must all match');
  assert.deepEqual(await run('before=busybox'), ['alpine', '<none>']);
  assert.deepEqual(await run('since=alpine'), ['busybox', 'library/web']);
  assert.deepEqual(await run('since=alpine', 'dangling=false', 'before=library/web'), ['busybox']);
});
