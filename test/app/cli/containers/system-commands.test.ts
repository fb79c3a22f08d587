// version, info, history, system df/prune, inspect --type, images --filter and
// ps -n/-l/-s against a real store with real containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

const ok = async (...args: string[]) => {
  const r = await f.cli(...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('version: Client and Server sections, the helper in use, --format over both', { skip }, async () => {
  const out = await ok('version');
  assert.match(out, /^Client:\n Version: +\d+\.\d+\.\d+\n Node version: +v\d+/);
  assert.match(out, /^  Path: +\/\S+tscontain-helper$/m);
  assert.match(out, /^  Installed: +(setuid root|not setuid root) \(\d{4} \w+:\w+\)$/m);
  assert.match(out, /^  Matches build: +(yes|no|unknown)/m);
  assert.equal(await ok('version', '--format', '{{.Client.Os}}/{{.Server.Helper.Installed}}'), 'linux/true\n');
  assert.equal(JSON.parse(await ok('version', '--format', 'json')).Client.NodeVersion, process.version);
});

test('history: the pulled layer, then a commit on top with <missing> below it; -q, -H=false, --no-trunc, --format', { skip }, async () => {
  const base = await ok('history', 'busybox');
  const lines = base.trimEnd().split('\n');
  assert.match(lines[0]!, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /^[0-9a-f]{12}\s+.* ago\s+tscontain test layer 0\s+\d+(\.\d+)?[kM]B\s*$/);

  await ok('run', '--name', 'hist', 'busybox', 'sh', '-c', 'echo hello > /made');
  await ok('commit', '-m', 'first commit', 'hist', 'hist:v1');
  const rows = (await ok('history', 'hist:v1')).trimEnd().split('\n').slice(1);
  assert.equal(rows.length, 2);
  assert.match(rows[0]!, /^[0-9a-f]{12}\s+.*sh -c echo hello > \/made\s+\d+(\.\d+)?k?B\s+first commit$/);
  assert.match(rows[1]!, /^<missing>\s+/);
  const quiet = (await ok('history', '-q', 'hist:v1')).trimEnd().split('\n');
  assert.match(quiet[0]!, /^[0-9a-f]{12}$/);
  assert.equal(quiet[1], '<missing>');
  assert.match(await ok('image', 'history', '--no-trunc', '-H=false', '--format', '{{.ID}} {{.Size}} {{.CreatedSince}}', 'hist:v1'), /^sha256:[0-9a-f]{64} \d+ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n<missing> \d+ /);
  const missing = await f.cli('history', 'nope:none');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^Error: No such image: nope:none[;\n]/);
  const twice = await f.cli('history', 'a', 'b');
  assert.equal(twice.code, 125);
  assert.match(twice.stderr, /^Error: "history" requires exactly 1 argument/);
});

test('ps -s shows the writable layer and the virtual size; -n/-l list the newest of any state', { skip }, async () => {
  await ok('run', '--name', 'sized', 'busybox', 'sh', '-c', 'head -c 5000 /dev/zero > /blob');
  await ok('create', '--name', 'newest', 'busybox', 'true');
  const sized = (await ok('ps', '-a', '-s', '--filter', 'name=sized')).split('\n');
  assert.match(sized[0]!, /NAMES\s+SIZE$/);
  const cell = /sized\s+(\S+) \(virtual (\S+)\)$/.exec(sized[1]!);
  assert.ok(cell, sized[1]);
  assert.match(cell[1]!, /^5(\.\d+)?kB$/, 'the 5000-byte file (plus small /etc files)');
  assert.match(await ok('ps', '-a', '--filter', 'name=sized', '--format', '{{.Size}}'), /^5(\.\d+)?kB \(virtual \d/);
  assert.match(await ok('ps', '-l', '--format', '{{.Names}}'), /^newest\n$/);
  assert.equal((await ok('ps', '-n', '2', '-q')).trim().split('\n').length, 2);
  const bad = await f.cli('ps', '-n', 'two');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: invalid argument "two" for "-n, --last" flag/);
});

test('inspect --type and the fallback across containers, images, networks, volumes', { skip }, async () => {
  await ok('create', '--name', 'insp', 'busybox', 'true');
  await ok('volume', 'create', 'insp-vol');
  const obj = async (...args: string[]) => JSON.parse(await ok('inspect', ...args))[0];
  assert.match((await obj('insp')).Name, /^\/?insp$/);
  assert.ok((await obj('insp')).State, 'a container');
  assert.ok((await obj('busybox')).RepoTags.includes('busybox:latest'), 'an image when no container has the name');
  assert.equal((await obj('bridge')).Name, 'bridge');
  assert.equal((await obj('insp-vol')).Name, 'insp-vol');
  assert.ok((await obj('--type', 'image', 'busybox')).Id.startsWith('sha256:'));
  assert.equal((await obj('--type', 'volume', 'insp-vol')).Driver, 'local');
  const wrongType = await f.cli('inspect', '--type', 'container', 'busybox');
  assert.equal(wrongType.code, 1);
  assert.equal(wrongType.stderr, 'Error: No such container: busybox\n');
  assert.equal(wrongType.stdout, '[]\n');
  const none = await f.cli('inspect', 'nothing-by-this-name');
  assert.equal(none.stderr, 'Error: No such object: nothing-by-this-name\n');
  const badType = await f.cli('inspect', '--type', 'secret', 'x');
  assert.equal(badType.code, 125);
  assert.match(badType.stderr, /^Error: "secret" is not a valid value for --type/);
  assert.equal(await ok('inspect', '-f', '{{.Name}}', '--type', 'network', 'bridge'), 'bridge\n');
});

test('images --filter: dangling, reference, label, before/since; bad filters exit 125', { skip }, async () => {
  await ok('run', '--name', 'dangle', 'busybox', 'true');
  const danglingId = (await ok('commit', 'dangle')).trim().replace(/^sha256:/, '').slice(0, 12);
  assert.equal(await ok('images', '-q', '-f', 'dangling=true'), `${danglingId}\n`);
  assert.doesNotMatch(await ok('images', '-q', '-f', 'dangling=false'), new RegExp(danglingId));
  assert.match(await ok('images', '--format', '{{.Repository}}', '-f', 'reference=busy*'), /^busybox\n$/);
  assert.equal(await ok('images', '-q', '-f', 'reference=nomatch*'), '');
  assert.equal(await ok('images', '-q', '-f', 'label=none.such'), '');
  assert.match(await ok('images', '--format', '{{.ID}}', '-f', `since=busybox`), new RegExp(danglingId), 'the commit is newer than the pulled image');
  assert.doesNotMatch(await ok('images', '--format', '{{.ID}}', '-f', `before=${danglingId}`), new RegExp(danglingId));
  const bad = await f.cli('images', '-f', 'colour=red');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: invalid filter 'colour'/);
});

test('info counts what the store holds; system info is the same command', { skip }, async () => {
  await ok('run', '-d', '--name', 'info-run', 'busybox', 'sleep', '30');
  const counts = await ok('info', '--format', '{{.Containers}} {{.ContainersRunning}} {{.ContainersStopped}} {{.Images}}');
  const [total, running, stopped, images] = counts.trim().split(' ').map(Number);
  const ps = (await ok('ps', '-aq')).trim().split('\n').length;
  assert.equal(total, ps);
  assert.equal(running, (await ok('ps', '-q')).trim().split('\n').length);
  assert.equal(stopped, total! - running!);
  assert.ok(images! >= 1);
  const text = await ok('system', 'info');
  assert.match(text, /^ Storage Driver: overlay\n  Backing Filesystem: \w+/m);
  assert.match(text, /^ Cgroup Driver: cgroupfs\n Cgroup Version: [12]$/m);
  assert.match(text, new RegExp(`^ Root Dir: ${f.env.root}$`, 'm'));
  assert.match(text, /^ Registry Mirrors:\n  http:\/\/127\.0\.0\.1:\d+/m);
  await ok('rm', '-f', 'info-run');
});

test('system df, then system prune: asks first, removes stopped containers and dangling images, keeps the rest', { skip }, async () => {
  await ok('run', '--name', 'prune-me', 'busybox', 'sh', '-c', 'echo x > /x');
  await ok('run', '-d', '--name', 'keep-me', 'busybox', 'sleep', '30');
  const dangling = (await ok('commit', 'prune-me')).trim();
  const df = (await ok('system', 'df')).split('\n');
  assert.match(df[0]!, /^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$/);
  assert.match(df[1]!, /^Images\s+\d+\s+1\s+\S+B\s+\S+B \(\d+%\)$/);
  assert.match(df[2]!, /^Containers\s+\d+\s+1\s+/);
  assert.match(df[3]!, /^Local Volumes\s+/);
  assert.match(await ok('system', 'df', '--format', '{{.Type}}={{.Active}}'), /^Images=1\nContainers=1\nLocal Volumes=0\n$/);

  const declined = await f.cli('system', 'prune');
  assert.equal(declined.code, 0);
  assert.match(declined.stdout, /^WARNING! This will remove:\n  - all stopped containers\n/);
  assert.match(declined.stdout, /Are you sure you want to continue\? \[y\/N\] $/);
  assert.match(await ok('ps', '-a', '--format', '{{.Names}}'), /prune-me/, 'nothing removed without a yes');

  const pruned = await ok('system', 'prune', '-f');
  assert.match(pruned, /^Deleted Containers:\n[0-9a-f]{64}\n/);
  assert.match(pruned, new RegExp(`Deleted Images:\\n(.*\\n)*deleted: ${dangling}\\n`));
  assert.match(pruned, /Total reclaimed space: \d+(\.\d+)?k?B\n$/);
  assert.equal(await ok('ps', '-a', '--format', '{{.Names}}'), 'keep-me\n');
  assert.match(await ok('images', '--format', '{{.Repository}}'), /busybox/, 'tagged images stay without -a');

  await ok('rm', '-f', 'keep-me');
  const all = await ok('system', 'prune', '-a', '-f', '--volumes');
  assert.match(all, /untagged: busybox:latest/);
  assert.equal(await ok('images', '-q'), '');
  assert.match((await ok('system', 'df')).split('\n')[1]!, /^Images\s+0\s+0\s+0B\s+0B$/);
  // The fixture's other tests share the store; pull again for any test after this one.
  await ok('pull', '-q', 'busybox');
});
