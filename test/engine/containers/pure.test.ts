// The container engine's pure parts: Docker's merge of image config and
// flags, user resolution through layers with whiteouts, names, --since.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeSpec, mergeEnv, DEFAULT_PATH } from '../../../engine/containers/spec.js';
import { resolveUser } from '../../../engine/containers/user.js';
import { checkContainerName, generateName } from '../../../engine/containers/names.js';
import { parseSince } from '../../../engine/containers/logs.js';
import { containerResolvConf } from '../../../engine/containers/etc-files.js';
import { matchContainer } from '../../../engine/containers/lookup.js';
import { initialState, type ContainerRecord } from '../../../engine/containers/record.js';

test('mergeSpec follows Docker: --entrypoint drops Cmd, args replace Cmd, env by key', () => {
  const image = { Entrypoint: ['/entry'], Cmd: ['serve'], Env: ['A=1', 'PATH=/bin'], WorkingDir: '/app', User: 'app' };
  assert.deepEqual([mergeSpec(image, { args: [], env: [] }).path, mergeSpec(image, { args: [], env: [] }).args], ['/entry', ['serve']]);
  const args = mergeSpec(image, { args: ['x'], env: ['A=2', 'B=3'] });
  assert.deepEqual([args.path, args.args, args.env], ['/entry', ['x'], ['A=2', 'PATH=/bin', 'B=3']]);
  const ep = mergeSpec(image, { args: [], entrypoint: 'sh', env: [] });
  assert.deepEqual([ep.entrypoint, ep.cmd, ep.path, ep.args], [['sh'], null, 'sh', []]);
  const cleared = mergeSpec(image, { args: ['ls'], entrypoint: '', env: [] });
  assert.deepEqual([cleared.path, cleared.workingDir, cleared.user], ['ls', '/app', 'app']);
  assert.throws(() => mergeSpec({}, { args: [], env: [] }), /no command specified/);
  assert.throws(() => mergeSpec({ Cmd: ['x'] }, { args: [], env: [], workingDir: 'rel' }), /absolute path/);
  assert.deepEqual(mergeSpec({ Cmd: ['x'] }, { args: [], env: [] }).env, [DEFAULT_PATH]);
  assert.deepEqual(mergeEnv(['A=1', 'B=2'], ['A=3']), ['A=3', 'B=2']);
});

test('resolveUser reads the topmost passwd and honours whiteouts', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('mknod of a whiteout needs root');
  const dir = await mkdtemp(join(tmpdir(), 'tsc-user-'));
  const lower = join(dir, 'lower');
  const upper = join(dir, 'upper');
  await mkdir(join(lower, 'etc'), { recursive: true });
  await mkdir(join(upper, 'etc'), { recursive: true });
  await writeFile(join(lower, 'etc/passwd'), 'root:x:0:0::/root:/bin/ash\nweb:x:33:33::/var/www:/bin/sh\nquiet:x:7:7::/:\n');
  await writeFile(join(lower, 'etc/group'), 'root:x:0:\nwww:x:33:\nextra:x:50:web,other\n');
  assert.deepEqual(await resolveUser('web', [upper, lower]), { uid: 33, gid: 33, groups: [33, 50], home: '/var/www', shell: '/bin/sh' });
  assert.deepEqual(await resolveUser('', [upper, lower]), { uid: 0, gid: 0, groups: [0], home: '/root', shell: '/bin/ash' });
  assert.equal((await resolveUser('quiet', [upper, lower])).shell, undefined, 'an empty shell field means none');
  assert.deepEqual((await resolveUser('1234', [upper, lower])).uid, 1234);
  assert.deepEqual((await resolveUser('web:extra', [upper, lower])).gid, 50);
  await assert.rejects(resolveUser('ghost', [upper, lower]), /unable to find user ghost/);
  await assert.rejects(resolveUser('web:nogroup', [upper, lower]), /unable to find group nogroup/);
  // A whiteout in the upper layer hides the lower passwd: names no longer resolve.
  execFileSync('mknod', [join(upper, 'etc/passwd'), 'c', '0', '0']);
  await assert.rejects(resolveUser('web', [upper, lower]), /unable to find user web/);
  await rm(dir, { recursive: true, force: true });
});

test('names: Docker pattern, generated names avoid taken ones', () => {
  assert.equal(checkContainerName('/web'), 'web');
  assert.throws(() => checkContainerName('a'), /invalid container name/);
  assert.throws(() => checkContainerName('-x'), /invalid container name/);
  const name = generateName(new Set());
  assert.match(name, /^[a-z]+_[a-z]+$/);
});

test('parseSince: durations, Unix seconds and timestamps', () => {
  const now = Date.parse('2026-01-02T15:00:00Z');
  assert.equal(parseSince('10m', now), now - 600_000);
  assert.equal(parseSince('1h30m', now), now - 5_400_000);
  assert.equal(parseSince('1700000000', now), 1_700_000_000_000);
  assert.equal(parseSince('2026-01-02T14:00:00.123456789Z', now), Date.parse('2026-01-02T14:00:00.123Z'));
  assert.equal(parseSince('yesterday', now), undefined);
});

test('resolv.conf drops loopback nameservers', () => {
  assert.equal(containerResolvConf('nameserver 127.0.0.53\nnameserver 10.0.0.1\nsearch lan\n'), 'nameserver 10.0.0.1\nsearch lan\n');
  assert.match(containerResolvConf('nameserver 127.0.0.1\n'), /^#/);
});

test('matchContainer: full ID, name, unique prefix, ambiguity', () => {
  const rec = (id: string, name: string) => ({ config: { id, name }, state: initialState() }) as unknown as ContainerRecord;
  const records = [rec('ab' + '0'.repeat(62), 'web'), rec('ac' + '0'.repeat(62), 'db')];
  assert.equal(matchContainer(records, 'web').config.name, 'web');
  assert.equal(matchContainer(records, '/db').config.name, 'db');
  assert.equal(matchContainer(records, 'ab').config.name, 'web');
  assert.throws(() => matchContainer(records, 'a'), /multiple containers/);
  assert.throws(() => matchContainer(records, 'zz'), /No such container: zz/);
});
