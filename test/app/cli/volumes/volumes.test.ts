// Volumes end to end with the real CLI and real containers: named and
// anonymous volumes, binds, tmpfs, --mount, --volumes-from, the refusals,
// and `volume create/ls/rm/inspect/prune`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerFixture, skip, IMAGE_CONFIG } from '../containers/fixture.js';
import { buildImage, busyboxLayer } from '../../../support/image-builder.js';
import { runCli, type CliResult } from '../../../support/tscontain-cli.js';

const hostDir = mkdtempSync(join(tmpdir(), 'tsc-vol-host-'));
// Where the image's symlinks point on the host: must never be created.
const escapeAbs = `/tmp/tsc-vol-escape-${process.pid}`;
const escapeRel = `/tmp/tsc-vol-escape-rel-${process.pid}`;
const fx = containerFixture(() => ({
  busybox: buildImage({ layers: [busyboxLayer()], config: IMAGE_CONFIG }),
  'busybox:volumes': buildImage({
    layers: [busyboxLayer(), [
      { name: 'escape', type: 'symlink', linkname: `${escapeAbs}/inner` },
      { name: 'escape-rel', type: 'symlink', linkname: `../../../../../..${escapeRel}` },
      { name: 'to-proc', type: 'symlink', linkname: '/proc/sys' },
      { name: 'imgdata/', type: 'dir', mode: 0o755 },
    ]],
    config: { ...IMAGE_CONFIG, Volumes: { '/imgdata': {} } },
  }),
}));
const cli = (...args: string[]): Promise<CliResult> => fx.cli(...args);

after(() => rmSync(hostDir, { recursive: true, force: true }));

function ok(r: CliResult): string {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** One `Error: ...` line and exit 125, the run family's own errors. */
function refused125(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 125, r.stderr);
  assert.match(r.stderr, /^Error: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
}

test('a named volume is created on first use and its data survives removal of its container', { skip }, async () => {
  ok(await cli('run', '--rm', '-v', 'keep:/data', 'busybox', 'sh', '-c', 'echo kept > /data/f'));
  assert.match(ok(await cli('volume', 'ls')), /^DRIVER +VOLUME NAME\nlocal +keep\n$/);
  assert.equal(ok(await cli('run', '--rm', '-v', 'keep:/other', 'busybox', 'cat', '/other/f')), 'kept\n');
  const [info] = JSON.parse(ok(await cli('volume', 'inspect', 'keep'))) as Record<string, unknown>[];
  assert.equal(info!.Name, 'keep');
  assert.equal(info!.Driver, 'local');
  assert.equal(info!.Mountpoint, join(fx.env.root, 'volumes', 'keep', '_data'));
  assert.equal(readFileSync(join(fx.env.root, 'volumes', 'keep', '_data', 'f'), 'utf8'), 'kept\n');
});

test(':ro refuses writes, in -v and --mount syntax', { skip }, async () => {
  const v = await cli('run', '--rm', '-v', 'keep:/data:ro', 'busybox', 'sh', '-c', 'cat /data/f; touch /data/x');
  assert.equal(v.code, 1);
  assert.equal(v.stdout, 'kept\n');
  assert.match(v.stderr, /Read-only file system/);
  const m = await cli('run', '--rm', '--mount', 'type=volume,source=keep,target=/d,readonly', 'busybox', 'touch', '/d/x');
  assert.equal(m.code, 1);
  assert.match(m.stderr, /Read-only file system/);
  assert.ok(!existsSync(join(fx.env.root, 'volumes', 'keep', '_data', 'x')));
});

test('bind mounts: -v reads and writes a host directory and makes a missing one; --mount type=bind', { skip }, async () => {
  writeFileSync(join(hostDir, 'hello'), 'from host\n');
  const out = ok(await cli('run', '--rm', '-v', `${hostDir}:/h`, 'busybox', 'sh', '-c', 'cat /h/hello; echo back > /h/written'));
  assert.equal(out, 'from host\n');
  assert.equal(readFileSync(join(hostDir, 'written'), 'utf8'), 'back\n');
  ok(await cli('run', '--rm', '-v', `${hostDir}/made/by/v:/m`, 'busybox', 'true'));
  assert.ok(existsSync(join(hostDir, 'made/by/v')));
  assert.equal(ok(await cli('run', '--rm', '--mount', `type=bind,src=${hostDir}/hello,dst=/etc/motd,ro`, 'busybox', 'cat', '/etc/motd')), 'from host\n');
  refused125(await cli('run', '--rm', '--mount', `type=bind,source=${hostDir}/missing,target=/x`, 'busybox', 'true'),
    /bind source path does not exist/);
  assert.ok(!existsSync(join(hostDir, 'missing')));
});

test('tmpfs: --tmpfs and --mount type=tmpfs with size and mode', { skip }, async () => {
  const out = ok(await cli('run', '--rm', '--tmpfs', '/scratch:size=1m,mode=700', '--mount', 'type=tmpfs,target=/t2,tmpfs-size=2m',
    'busybox', 'sh', '-c', 'grep -E " /(scratch|t2) " /proc/self/mountinfo; echo x > /scratch/f && cat /scratch/f'));
  assert.match(out, / \/scratch rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,size=1024k,mode=700/);
  assert.match(out, / \/t2 rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,size=2048k/);
  assert.match(out, /^x$/m);
});

test('--volumes-from copies the other container\'s volumes and binds, :ro makes them read-only', { skip }, async () => {
  ok(await cli('create', '--name', 'src-box', '-v', 'shared:/s', '-v', `${hostDir}:/h`, '--tmpfs', '/own', 'busybox', 'true'));
  ok(await cli('run', '--rm', '-v', 'shared:/s', 'busybox', 'sh', '-c', 'echo shared > /s/f'));
  const out = ok(await cli('run', '--rm', '--volumes-from', 'src-box', 'busybox', 'sh', '-c', 'cat /s/f /h/hello; grep -c " /own " /proc/self/mountinfo || true'));
  assert.equal(out, 'shared\nfrom host\n0\n');
  const ro = await cli('run', '--rm', '--volumes-from', 'src-box:ro', 'busybox', 'touch', '/s/x');
  assert.equal(ro.code, 1);
  assert.match(ro.stderr, /Read-only file system/);
  refused125(await cli('run', '--rm', '--volumes-from', 'nobody-here', 'busybox', 'true'), /No such container: nobody-here/);
});

test('volume rm refuses a volume used by a container, even a stopped one, until it is removed', { skip }, async () => {
  const inUse = await cli('volume', 'rm', 'shared');
  assert.equal(inUse.code, 1);
  assert.match(inUse.stderr, /^Error: remove shared: volume is in use - \[[0-9a-f]{64}\]; remove the containers using it first/);
  const forced = await cli('volume', 'rm', '-f', 'shared');
  assert.equal(forced.code, 1, 'in use is refused even with -f (as in Docker)');
  ok(await cli('rm', 'src-box'));
  assert.equal(ok(await cli('volume', 'rm', 'shared')), 'shared\n');
  const missing = await cli('volume', 'rm', 'shared');
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error: get shared: no such volume\n');
  assert.equal((await cli('volume', 'rm', '-f', 'shared')).code, 0);
});

test('refused targets and bad specs: one clear line, exit 125, nothing created', { skip }, async () => {
  const before = ok(await cli('ps', '-aq'));
  refused125(await cli('run', '--rm', '-v', `${hostDir}:/proc`, 'busybox', 'true'), /cannot mount over \/proc/);
  refused125(await cli('run', '--rm', '--tmpfs', '/sys/x', 'busybox', 'true'), /cannot mount over \/sys\/x/);
  refused125(await cli('run', '--rm', '--mount', 'type=bind,source=/tmp,target=//proc/../sys', 'busybox', 'true'), /cannot mount over \/sys/);
  refused125(await cli('run', '--rm', '-v', 'a:b:c:d', 'busybox', 'true'), /invalid volume specification: "a:b:c:d"/);
  // ./rel is a bind of the current directory's rel (Docker >= 23); .rel is neither a path nor a volume name.
  refused125(await cli('run', '--rm', '-v', '.rel:/x', 'busybox', 'true'), /invalid characters for a local volume name/);
  refused125(await cli('run', '--rm', '-v', 'keep:/x:rx', 'busybox', 'true'), /invalid mode "rx"/);
  refused125(await cli('run', '--rm', '--mount', 'type=nfs,target=/x', 'busybox', 'true'), /mount type "nfs" is not supported/);
  refused125(await cli('run', '--rm', '--mount', 'type=volume,src=keep,target=/x,colour=blue', 'busybox', 'true'), /unexpected key "colour"/);
  refused125(await cli('run', '--rm', '--tmpfs', '/x:dev', 'busybox', 'true'), /invalid tmpfs option "dev"/);
  refused125(await cli('run', '--rm', '-v', 'keep:/x', '--tmpfs', '/x', 'busybox', 'true'), /Duplicate mount point: \/x/);
  // Resolved through an image symlink, the helper refuses it from inside.
  refused125(await cli('run', '--rm', '--tmpfs', '/to-proc', 'busybox:volumes', 'true'), /resolves into \/proc or \/sys/);
  assert.equal(ok(await cli('ps', '-aq')), before);
});

test('a target that is an image symlink to a host path lands inside the container root', { skip }, async () => {
  const out = ok(await cli('run', '--rm', '-v', 'keep:/escape', '--tmpfs', '/escape-rel', 'busybox:volumes',
    'sh', '-c', `cat /escape/f; ls -d ${escapeAbs}/inner ${escapeRel}; grep -c " ${escapeRel} " /proc/self/mountinfo`));
  assert.equal(out, `kept\n${escapeAbs}/inner\n${escapeRel}\n1\n`);
  assert.ok(!existsSync(escapeAbs), `${escapeAbs} was created on the host`);
  assert.ok(!existsSync(escapeRel), `${escapeRel} was created on the host`);
});

test('inspect shows Mounts; image Volumes become anonymous volumes, removed by rm -v and volume prune', { skip }, async () => {
  const id = ok(await cli('create', '-v', 'keep:/k:ro', '-v', `${hostDir}:/h`, '--tmpfs', '/t', 'busybox:volumes', 'true')).trim();
  const [info] = JSON.parse(ok(await cli('inspect', id))) as { Mounts: Record<string, unknown>[]; HostConfig: { Tmpfs: unknown } }[];
  const byDest = Object.fromEntries(info!.Mounts.map((m) => [m.Destination, m]));
  assert.deepEqual(byDest['/k'], { Type: 'volume', Name: 'keep', Source: join(fx.env.root, 'volumes/keep/_data'), Destination: '/k', Driver: 'local', Mode: 'z', RW: false, Propagation: '' });
  assert.deepEqual(byDest['/h'], { Type: 'bind', Source: hostDir, Destination: '/h', Mode: '', RW: true, Propagation: 'rprivate' });
  assert.equal(byDest['/t']?.Type, 'tmpfs');
  assert.deepEqual(info!.HostConfig.Tmpfs, { '/t': '' });
  const anon = byDest['/imgdata'] as { Type: string; Name: string };
  assert.equal(anon.Type, 'volume');
  assert.match(anon.Name, /^[0-9a-f]{64}$/);
  const [vol] = JSON.parse(ok(await cli('volume', 'inspect', anon.Name))) as { Labels: Record<string, string> }[];
  assert.deepEqual(vol!.Labels, { 'com.docker.volume.anonymous': '' });

  ok(await cli('rm', '-v', id));
  assert.doesNotMatch(ok(await cli('volume', 'ls', '-q')), new RegExp(anon.Name));
  assert.match(ok(await cli('volume', 'ls', '-q')), /^keep$/m, 'rm -v keeps named volumes');

  const id2 = ok(await cli('create', '-v', '/anon', 'busybox', 'true')).trim();
  const [info2] = JSON.parse(ok(await cli('inspect', id2))) as { Mounts: { Name: string }[] }[];
  const anon2 = info2!.Mounts[0]!.Name;
  ok(await cli('rm', id2));
  assert.match(ok(await cli('volume', 'ls', '-q')), new RegExp(anon2), 'rm without -v keeps anonymous volumes');
  ok(await cli('volume', 'create', 'named-unused'));
  const pruned = ok(await cli('volume', 'prune', '-f'));
  assert.match(pruned, new RegExp(`^Deleted Volumes:\\n${anon2}\\n\\nTotal reclaimed space: `));
  assert.match(ok(await cli('volume', 'ls', '-q')), /named-unused/, 'prune without -a keeps named volumes');
  assert.match(ok(await cli('volume', 'prune', '-af')), /named-unused/);
});

test('run --rm removes the anonymous volumes it made', { skip }, async () => {
  const before = ok(await cli('volume', 'ls', '-q'));
  ok(await cli('run', '--rm', '-v', '/scratch', 'busybox', 'true'));
  assert.equal(ok(await cli('volume', 'ls', '-q')), before);
  // Detached, the monitor removes the container with no tscontain running; the volume goes at the next look.
  const id = ok(await cli('run', '-d', '--rm', '-v', '/scratch', 'busybox', 'true')).trim();
  const deadline = Date.now() + 10_000;
  while (existsSync(join(fx.env.root, 'containers', id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(!existsSync(join(fx.env.root, 'containers', id)), 'the monitor removed the container');
  assert.equal(ok(await cli('volume', 'ls', '-q')), before);
});

test('prune asks first, as Docker does: only y removes, -f skips the question', { skip }, async () => {
  ok(await cli('volume', 'create', 'ask-first'));
  const no = await runCli(['volume', 'prune', '-a'], fx.env.env, { input: 'n\n' });
  assert.equal(no.code, 0, no.stderr);
  assert.match(no.stdout, /^WARNING! This will remove all local volumes not used by at least one container\.\nAre you sure you want to continue\? \[y\/N\] $/);
  assert.match(ok(await cli('volume', 'ls', '-q')), /^ask-first$/m, 'n keeps the volume');
  const eof = await cli('volume', 'prune', '-a');
  assert.equal(eof.code, 0);
  assert.match(ok(await cli('volume', 'ls', '-q')), /^ask-first$/m, 'no answer (end of input) keeps it');
  const yes = await runCli(['volume', 'prune', '-a'], fx.env.env, { input: 'y\n' });
  assert.match(yes.stdout, /Deleted Volumes:\n(.*\n)*ask-first\n/);
  assert.doesNotMatch(ok(await cli('volume', 'ls', '-q')), /^ask-first$/m);
  const stopped = ok(await cli('create', 'busybox', 'true')).trim();
  const keep = await runCli(['container', 'prune'], fx.env.env, { input: 'no\n' });
  assert.match(keep.stdout, /This will remove all stopped containers/);
  assert.match(ok(await cli('ps', '-aq', '--no-trunc')), new RegExp(stopped));
  assert.match(ok(await cli('container', 'prune', '-f')), new RegExp(stopped));
});
