// The detail panes' lines without rendering: packing to the width, cutting
// to the height, hostile text, and what each pane shows before and after its
// detail is read; and the reducer's detail actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clip, fitLines, lineText, packFields, packList, printable, when } from '../../../app/dashboard/detail-lines/pane-lines.js';
import { networkLines } from '../../../app/dashboard/detail-lines/network-lines.js';
import { volumeLines } from '../../../app/dashboard/detail-lines/volume-lines.js';
import { imageLines } from '../../../app/dashboard/detail-lines/image-lines.js';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState } from '../../../app/dashboard/state/dashboard-state.js';
import { detailFor } from '../../../app/dashboard/state/detail-state.js';
import { image, imageDetailOf, network, networkDetailOf, volume, volumeDetailOf } from './support.js';

const NOW = Date.parse('2024-01-04T00:00:00Z');
const texts = (lines: ReturnType<typeof packFields>) => lines.map(lineText);
const width = (lines: ReturnType<typeof packFields>) => Math.max(...lines.map((l) => [...lineText(l)].length));

test('fields pack side by side up to the width; a too long value is cut with …', () => {
  const fields = [['Driver', 'bridge'], ['Subnet', '10.0.0.0/24'], ['Gateway', '10.0.0.1'], ['Bridge', 'br-0123456789ab']] as const;
  assert.deepEqual(texts(packFields(fields, 80)), ['Driver bridge   Subnet 10.0.0.0/24   Gateway 10.0.0.1   Bridge br-0123456789ab']);
  assert.deepEqual(texts(packFields(fields, 41)), ['Driver bridge   Subnet 10.0.0.0/24', 'Gateway 10.0.0.1   Bridge br-0123456789ab']);
  assert.equal(packFields(fields, 40).length, 3, 'one cell less: the last field goes to its own line');
  const long = packFields([['Mountpoint', '/x'.repeat(50)], ['User', '']], 30);
  assert.deepEqual(texts(long), [`Mountpoint ${'/x'.repeat(9)}…`, 'User -']);
  assert.ok(width(long) <= 30);
});

test('lists wrap under their label, every item cut to fit; an empty one is "-"; more lines than room end in a count', () => {
  const env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'A=1', 'B=2', `LONG=${'v'.repeat(200)}`];
  const lines = packList('Env', env, 40);
  assert.ok(width(lines) <= 40, texts(lines).join('\n'));
  assert.match(lineText(lines[0]!), /^Env \(4\) PATH=/);
  assert.ok(texts(lines).some((l) => /^ {4}A=1 {3}B=2$/.test(l)), texts(lines).join('\n'));
  assert.ok(lineText(lines.at(-1)!).endsWith('…'));
  assert.deepEqual(texts(packList('Ports', [], 40)), ['Ports -']);
  const cut = fitLines(Array.from({ length: 10 }, (_, i) => [{ text: `l${i}` }]), 4);
  assert.deepEqual(texts(cut), ['l0', 'l1', 'l2', '… 7 more lines (a taller terminal shows them)']);
  assert.equal(fitLines(cut, 10).length, 4);
});

test('escape sequences in names, labels or env never reach the terminal', () => {
  assert.equal(printable('a\u001b[2Jb\u0007c\u009bd'), 'a?[2Jb?c?d');
  const lines = packList('Labels', ['x=\u001b]0;pwned\u0007'], 80);
  assert.doesNotMatch(texts(lines).join(''), /[\u0000-\u001f]/);
  assert.equal(clip('abcdef', 4), 'abc…');
  assert.equal(when('2024-01-01T10:20:30Z', NOW), '2024-01-01 10:20 (2 days ago)');
  assert.equal(when(undefined, NOW), '-');
});

test('network pane: addressing first, then created, labels and the attached containers with address, aliases and state', () => {
  const row = network('backend', { subnet: '10.99.0.0/24', gateway: '10.99.0.1', containers: ['web', 'db'] });
  const before = networkLines(row, undefined, 80, NOW).map(lineText);
  assert.equal(before.at(-1), 'loading…');
  assert.match(before[1]!, /Driver bridge {3}Subnet 10\.99\.0\.0\/24 {3}Gateway 10\.99\.0\.1/);
  const detail = networkDetailOf([row], 'backend');
  detail.endpoints[1] = { ...detail.endpoints[1]!, running: false, aliases: ['database', 'pg'] };
  detail.labels = { team: 'core' };
  detail.internal = false;
  const after = networkLines(row, detail, 80, NOW).map(lineText);
  assert.ok(after.every((l) => [...l].length <= 80), after.join('\n'));
  assert.ok(after.some((l) => l.includes('Created 2024-01-01 00:00 (3 days ago)') && l.includes('Internal no')), after.join('\n'));
  assert.ok(!after.join('\n').includes('Attachable'), 'a flag the engine does not record is not shown');
  assert.ok(after.includes('Labels team=core'));
  assert.ok(after.some((l) => l.startsWith('Containers (2) web 10.99.0.2   db 10.99.0.3 aka database,pg (stopped)')), after.join('\n'));
});

test('volume pane: size "…" until measured, users with target and (ro), the anonymous label said once', () => {
  const row = volume('c'.repeat(64), { containers: ['web'], anonymous: true });
  const detail = volumeDetailOf([row], row.name);
  detail.labels = { 'com.docker.volume.anonymous': '' };
  detail.users = [{ container: 'web', target: '/srv', readOnly: true }];
  const pending = volumeLines(row, detail, undefined, 80, NOW).map(lineText);
  assert.match(pending[0]!, /^c{64} {2}anonymous$/);
  assert.match(pending[1]!, /Size …/);
  assert.ok(pending.includes('Labels -'));
  assert.ok(pending.includes('Used by web:/srv (ro)'));
  const sized = volumeLines(row, detail, 3_150_000, 80, NOW).map(lineText);
  assert.match(sized[1]!, /Size 3\.15MB/);
  assert.ok(sized.every((l) => [...l].length <= 80), sized.join('\n'));
});

test('image pane: created, size, platform, layers, user, workdir, entrypoint and cmd, tags, ports, users, env', () => {
  const rows = [image('nginx', 'latest', { containers: ['web'] }), image('nginx', '1.25')];
  rows[1]!.id = rows[0]!.id;
  const detail = imageDetailOf(rows, 'nginx:latest');
  Object.assign(detail, { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['80/tcp'], user: 'nginx', workingDir: '/srv' });
  const lines = imageLines(rows[0]!, detail, 80, NOW).map(lineText);
  const all = lines.join('\n');
  assert.ok(lines.every((l) => [...l].length <= 80), all);
  for (const part of ['Size 7.8MB', 'Platform linux/amd64', 'Layers 1', 'User nginx', 'Workdir /srv', 'Entrypoint ["/docker-entrypoint.sh"]',
    'Cmd ["nginx","-g","daemon off;"]', 'Tags (2) nginx:latest   nginx:1.25', 'Ports 80/tcp', 'Used by web', 'Env PATH=']) {
    assert.ok(all.includes(part), `${part} in\n${all}`);
  }
  assert.equal(imageLines(rows[0]!, undefined, 80, NOW).map(lineText).at(-1), 'loading…');
});

test('the reducer keeps each view\'s last detail and the measured sizes; unchanged ones keep the state object', () => {
  const d = networkDetailOf([network('a')], 'a');
  const s1 = reducer(initialState(), { type: 'detail', view: 'networks', key: 'a', detail: d });
  assert.equal(detailFor(s1.details.networks, 'a'), d);
  assert.equal(detailFor(s1.details.networks, 'b'), undefined, 'not shown for another row');
  assert.equal(reducer(s1, { type: 'detail', view: 'networks', key: 'a', detail: { ...d } }), s1);
  const s2 = reducer(s1, { type: 'volumeSize', name: 'data', bytes: 10 });
  assert.equal(s2.volumeSizes.get('data'), 10);
  assert.equal(reducer(s2, { type: 'volumeSize', name: 'data', bytes: 10 }), s2);
});
