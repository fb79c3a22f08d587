// run/create's Docker flags beyond the basics, with real containers:
// --label/--label-file, --stop-signal/--stop-timeout, --shm-size,
// --group-add, --security-opt, --device, --expose, --dns-search/--dns-option,
// --sysctl, --cidfile, --memory-reservation, --cpu-period/--cpu-quota.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

async function inspect(name: string): Promise<Record<string, any>> {
  const r = await f.cli('inspect', name);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}

test('--label and --label-file: inspect Config.Labels, ps --filter label=, image labels under container labels', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-labels-'));
  try {
    // An image with labels of its own, made by commit --change.
    assert.equal((await f.cli('create', '--name', 'lbase', 'busybox', 'true')).code, 0);
    const committed = await f.cli('commit', '--change', 'LABEL from.image=img over=image', 'lbase', 'labelled');
    assert.equal(committed.code, 0, committed.stderr);
    writeFileSync(join(dir, 'labels'), '# comment\n\nfile.key=file value\nover=file\n');
    const c = await f.cli('create', '--name', 'lab', '-l', 'a=1', '--label', 'flag', '--label-file', join(dir, 'labels'), '--label', 'over=flag', 'labelled', 'true');
    assert.equal(c.code, 0, c.stderr);
    const info = await inspect('lab');
    assert.deepEqual(info.Config.Labels, { 'from.image': 'img', over: 'flag', 'file.key': 'file value', a: '1', flag: '' });
    const byLabel = await f.cli('ps', '-a', '--filter', 'label=a=1', '--format', '{{.Names}} {{.Label "file.key"}}');
    assert.equal(byLabel.stdout, 'lab file value\n');
    const byKey = await f.cli('ps', '-a', '--filter', 'label=flag', '--format', '{{.Names}}');
    assert.equal(byKey.stdout, 'lab\n');
    assert.equal((await f.cli('ps', '-a', '--filter', 'label=a=2', '-q')).stdout, '');
    assert.deepEqual((await inspect('lbase')).Config.Labels, {});
    const bad = await f.cli('create', '--label', '=x', 'busybox', 'true');
    assert.equal(bad.code, 125);
    assert.match(bad.stderr, /^Error: invalid label "=x": the key is empty; use --label KEY=VALUE\n/);
    const noFile = await f.cli('create', '--label-file', join(dir, 'missing'), 'busybox', 'true');
    assert.equal(noFile.code, 125);
    assert.match(noFile.stderr, /^Error: cannot read label file /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await f.cli('rm', '-f', 'lab');
    await f.cli('rmi', 'labelled');
  }
});

test('--stop-signal and --stop-timeout: stop sends that signal and waits that long; inspect shows them', { skip }, async () => {
  // USR1 ends the trap's shell with 42: the stop signal reached it, not the KILL after the timeout.
  const r = await f.cli('run', '-d', '--name', 'stopsig', '--stop-signal', 'SIGUSR1', '--stop-timeout', '30', 'busybox',
    'sh', '-c', 'trap "exit 42" USR1; touch /ready; while true; do sleep 0.1; done');
  assert.equal(r.code, 0, r.stderr);
  const info = await inspect('stopsig');
  assert.equal(info.Config.StopSignal, 'SIGUSR1');
  assert.equal(info.Config.StopTimeout, 30);
  for (let i = 0; i < 100 && (await f.cli('exec', 'stopsig', 'test', '-e', '/ready')).code !== 0; i++);
  assert.equal((await f.cli('stop', 'stopsig')).code, 0);
  assert.equal((await inspect('stopsig')).State.ExitCode, 42);

  // A program that ignores TERM: --stop-timeout 1 kills it after about a second, not ten.
  assert.equal((await f.cli('run', '-d', '--name', 'stopquick', '--stop-timeout', '1', 'busybox', 'sleep', '600')).code, 0);
  const t0 = Date.now();
  assert.equal((await f.cli('stop', 'stopquick')).code, 0);
  const took = Date.now() - t0;
  assert.ok(took >= 900 && took < 6000, `stop took ${took} ms`);
  assert.equal((await inspect('stopquick')).State.ExitCode, 137);
  assert.equal((await inspect('stopquick')).Config.StopTimeout, 1);

  const badSig = await f.cli('create', '--stop-signal', 'SIGNOPE', 'busybox', 'true');
  assert.equal(badSig.code, 125);
  assert.equal(badSig.stderr, 'Error: invalid signal: SIGNOPE\n');
  const badTime = await f.cli('create', '--stop-timeout', 'soon', 'busybox', 'true');
  assert.equal(badTime.code, 125);
  assert.match(badTime.stderr, /^Error: invalid value "soon" for --stop-timeout/);
  await f.cli('rm', '-f', 'stopsig', 'stopquick');
});

test('--cidfile gets the ID; an existing file is refused before anything is created', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-cid-'));
  try {
    const file = join(dir, 'cid');
    const c = await f.cli('create', '--cidfile', file, 'busybox', 'true');
    assert.equal(c.code, 0, c.stderr);
    assert.equal(readFileSync(file, 'utf8'), c.stdout.trim());
    const before = (await f.cli('ps', '-aq')).stdout;
    const again = await f.cli('run', '--cidfile', file, 'busybox', 'true');
    assert.equal(again.code, 125);
    assert.match(again.stderr, /^Error: container ID file found, make sure the other container isn't running or delete /);
    assert.equal((await f.cli('ps', '-aq')).stdout, before);
    await f.cli('rm', '-f', c.stdout.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(!existsSync(dir));
});

test('--cidfile in a missing directory is refused before anything is created; a failed create leaves no file', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-cid-'));
  try {
    const before = (await f.cli('ps', '-aq')).stdout;
    const missing = await f.cli('run', '--rm', '--cidfile', join(dir, 'nodir', 'cid'), 'busybox', 'true');
    assert.equal(missing.code, 125);
    assert.match(missing.stderr, /^Error: .*container ID file .*nodir\/cid/);
    assert.equal(missing.stderr.split('\n').length, 2, missing.stderr);
    assert.equal((await f.cli('ps', '-aq')).stdout, before);
    // A create that fails after the file was claimed takes the file away again.
    const file = join(dir, 'cid');
    const badUser = await f.cli('create', '--cidfile', file, '-u', 'nosuchuser', 'busybox', 'true');
    assert.equal(badUser.code, 125);
    assert.ok(!existsSync(file), 'the container ID file of a failed create is removed');
    assert.equal((await f.cli('ps', '-aq')).stdout, before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--shm-size sizes /dev/shm (Docker\'s 64m by default); inspect HostConfig.ShmSize', { skip }, async () => {
  const df = "df -k /dev/shm | tail -n 1 | awk '{print $2}'";
  const def = await f.cli('run', '--rm', 'busybox', 'sh', '-c', df);
  assert.equal(def.code, 0, def.stderr);
  assert.equal(def.stdout, '65536\n');
  const big = await f.cli('run', '--rm', '--shm-size', '128m', 'busybox', 'sh', '-c', df);
  assert.equal(big.code, 0, big.stderr);
  assert.equal(big.stdout, '131072\n');
  assert.equal((await f.cli('create', '--name', 'shm', '--shm-size', '1g', 'busybox', 'true')).code, 0);
  assert.equal((await inspect('shm')).HostConfig.ShmSize, 1024 ** 3);
  await f.cli('rm', 'shm');
  const bad = await f.cli('run', '--rm', '--shm-size', 'lots', 'busybox', 'true');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: invalid value "lots" for --shm-size/);
});

test('--group-add adds supplementary groups by name (the container\'s /etc/group) and by number', { skip }, async () => {
  const setup = 'echo "grp:x:4242:" >> /etc/group';
  assert.equal((await f.cli('run', '--name', 'grpbase', 'busybox', 'sh', '-c', setup)).code, 0);
  assert.equal((await f.cli('commit', 'grpbase', 'withgroup')).code, 0);
  try {
    const r = await f.cli('run', '--rm', '--group-add', 'grp', '--group-add', '777', '-u', '1000:1000', 'withgroup', 'sh', '-c', 'grep Groups /proc/self/status');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.replace('Groups:', '').trim().split(/\s+/).sort(), ['1000', '4242', '777']);
    assert.equal((await f.cli('create', '--name', 'ga', '--group-add', 'grp', 'withgroup', 'true')).code, 0);
    assert.deepEqual((await inspect('ga')).HostConfig.GroupAdd, ['grp']);
    const unknown = await f.cli('run', '--rm', '--group-add', 'nosuchgroup', 'busybox', 'true');
    assert.equal(unknown.code, 125);
    assert.equal(unknown.stderr, "Error: unable to find group nosuchgroup: no matching entries in the container's group file\n");
  } finally {
    await f.cli('rm', '-f', 'grpbase', 'ga');
    await f.cli('rmi', 'withgroup');
  }
});

test('--security-opt no-new-privileges is applied even with --privileged; other options are refused', { skip }, async () => {
  const nnp = 'grep NoNewPrivs /proc/self/status';
  const priv = await f.cli('run', '--rm', '--privileged', 'busybox', 'sh', '-c', nnp);
  assert.equal(priv.stdout, 'NoNewPrivs:\t0\n', priv.stderr);
  const set = await f.cli('run', '--rm', '--privileged', '--security-opt', 'no-new-privileges', 'busybox', 'sh', '-c', nnp);
  assert.equal(set.stdout, 'NoNewPrivs:\t1\n', set.stderr);
  assert.equal((await f.cli('create', '--name', 'sec', '--security-opt', 'no-new-privileges:true', 'busybox', 'true')).code, 0);
  assert.deepEqual((await inspect('sec')).HostConfig.SecurityOpt, ['no-new-privileges:true']);
  await f.cli('rm', 'sec');
  for (const opt of ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable']) {
    const r = await f.cli('run', '--rm', '--security-opt', opt, 'busybox', 'true');
    assert.equal(r.code, 125);
    assert.equal(r.stderr, `Error: --security-opt ${opt} is not supported by tscontain (only no-new-privileges is)\n`);
  }
  const off = await f.cli('run', '--rm', '--security-opt', 'no-new-privileges:false', 'busybox', 'true');
  assert.equal(off.code, 125);
  assert.match(off.stderr, /^Error: --security-opt no-new-privileges:false is not supported/);
});

const noFuse = skip ?? (existsSync('/dev/fuse') && existsSync('/dev/loop-control') ? undefined : 'no /dev/fuse or /dev/loop-control on this host');

test('--device makes the node and lets the container open it (and only as PERMS allow)', { skip: noFuse }, async () => {
  const probe = 'ls -l /dev/fuse | cut -c1; (exec 3<>/dev/fuse) 2>/dev/null && echo fuse=rw; (exec 3</dev/lc) 2>/dev/null && echo lc=r; (exec 3>/dev/lc) 2>/dev/null && echo lc=w; true';
  const without = await f.cli('run', '--rm', 'busybox', 'sh', '-c', 'mknod /tmp/fuse c 10 229; (exec 3<>/tmp/fuse) 2>/dev/null && echo fuse=rw; true');
  assert.equal(without.stdout, '', 'the devices cgroup must refuse an unlisted device');
  const r = await f.cli('run', '--rm', '--device', '/dev/fuse', '--device', '/dev/loop-control:/dev/lc:r', 'busybox', 'sh', '-c', probe);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'c\nfuse=rw\nlc=r\n');
  assert.equal((await f.cli('create', '--name', 'dev', '--device', '/dev/fuse:/dev/sub/f:rw', 'busybox', 'true')).code, 0);
  assert.deepEqual((await inspect('dev')).HostConfig.Devices, [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/sub/f', CgroupPermissions: 'rw' }]);
  assert.equal((await f.cli('start', '-a', 'dev')).code, 0);
  await f.cli('rm', 'dev');
  for (const [value, why] of [['/etc/passwd', '/etc/passwd is not a path below /dev'], ['/dev/nosuch', '/dev/nosuch: no such device'],
    ['/dev/pts', '/dev/pts is not a character or block device'], ['/dev/fuse:/dev/f:rx', '"rx" is not a combination of r, w and m']]) {
    const bad = await f.cli('create', '--device', value!, 'busybox', 'true');
    assert.equal(bad.code, 125);
    assert.equal(bad.stderr, `Error: invalid value "${value}" for --device: ${why}; use --device /dev/HOST[:/dev/CONTAINER[:rwm]]\n`);
  }
});

test('--expose adds to ExposedPorts and -P publishes it', { skip }, async () => {
  const r = await f.cli('run', '-d', '--name', 'exp', '--expose', '8080', '--expose', '53/udp', '-P', 'busybox', 'sleep', '600');
  assert.equal(r.code, 0, r.stderr);
  const info = await inspect('exp');
  assert.deepEqual(info.Config.ExposedPorts, { '8080/tcp': {}, '53/udp': {} });
  const ports = (await f.cli('port', 'exp')).stdout;
  assert.match(ports, /^8080\/tcp -> 0\.0\.0\.0:\d+$/m);
  assert.match(ports, /^53\/udp -> 0\.0\.0\.0:\d+$/m);
  await f.cli('rm', '-f', 'exp');
  const bad = await f.cli('create', '--expose', '70000', 'busybox', 'true');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: invalid value "70000" for --expose/);
});

test('--dns-search and --dns-option reach resolv.conf', { skip }, async () => {
  const r = await f.cli('run', '--rm', '--dns', '192.0.2.53', '--dns-search', 'example.test', '--dns-search', 'corp.test', '--dns-option', 'ndots:2', '--dns-option', 'rotate', 'busybox', 'cat', '/etc/resolv.conf');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^nameserver 192\.0\.2\.53$/m);
  assert.match(r.stdout, /^search example\.test corp\.test$/m);
  assert.match(r.stdout, /^options ndots:2 rotate$/m);
  assert.equal(r.stdout.match(/^search /gm)?.length, 1);
  const bad = await f.cli('create', '--dns-option', 'bad option', 'busybox', 'true');
  assert.equal(bad.code, 125);
});

test('--sysctl sets namespaced keys inside the container; others are refused', { skip }, async () => {
  const r = await f.cli('run', '--rm', '--sysctl', 'net.ipv4.ip_unprivileged_port_start=99', '--sysctl', 'kernel.shmmni=1234', '--sysctl', 'fs.mqueue.msg_max=20',
    'busybox', 'cat', '/proc/sys/net/ipv4/ip_unprivileged_port_start', '/proc/sys/kernel/shmmni', '/proc/sys/fs/mqueue/msg_max');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '99\n1234\n20\n');
  // The host's values are untouched.
  assert.notEqual(readFileSync('/proc/sys/kernel/shmmni', 'utf8'), '1234\n');
  assert.equal((await f.cli('create', '--name', 'sys', '--sysctl', 'net.core.somaxconn=512', 'busybox', 'true')).code, 0);
  assert.deepEqual((await inspect('sys')).HostConfig.Sysctls, { 'net.core.somaxconn': '512' });
  await f.cli('rm', 'sys');
  const host = await f.cli('create', '--sysctl', 'kernel.hostname=x', 'busybox', 'true');
  assert.equal(host.code, 125);
  assert.match(host.stderr, /^Error: sysctl "kernel.hostname" is not allowed: it is not in a namespace the container owns/);
  const net = await f.cli('create', '--network', 'host', '--sysctl', 'net.core.somaxconn=1', 'busybox', 'true');
  assert.equal(net.code, 125);
  assert.equal(net.stderr, 'Error: sysctl "net.core.somaxconn" is not allowed in the host network namespace\n');
});

test('--memory-reservation, --cpu-period and --cpu-quota reach the cgroup and inspect', { skip }, async () => {
  const r = await f.cli('run', '-d', '--name', 'cfs', '--memory-reservation', '32m', '--cpu-period', '50000', '--cpu-quota', '25000', 'busybox', 'sleep', '600');
  assert.equal(r.code, 0, r.stderr);
  const info = await inspect('cfs');
  assert.equal(info.HostConfig.MemoryReservation, 32 * 1024 * 1024);
  assert.equal(info.HostConfig.CpuPeriod, 50000);
  assert.equal(info.HostConfig.CpuQuota, 25000);
  const cg = await f.cli('exec', 'cfs', 'sh', '-c', 'cat /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/memory/memory.soft_limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.low');
  assert.equal(cg.code, 0, cg.stderr);
  assert.ok(['50000\n25000\n33554432\n', '25000 50000\n33554432\n'].includes(cg.stdout), cg.stdout);
  await f.cli('rm', '-f', 'cfs');
  const conflict = await f.cli('create', '--cpus', '1', '--cpu-quota', '50000', 'busybox', 'true');
  assert.equal(conflict.code, 125);
  assert.equal(conflict.stderr, 'Error: conflicting options: --cpus cannot be used with --cpu-period or --cpu-quota\n');
  const over = await f.cli('create', '-m', '64m', '--memory-reservation', '128m', 'busybox', 'true');
  assert.equal(over.code, 125);
  assert.match(over.stderr, /^Error: invalid value "128m" for --memory-reservation: it must be at most --memory/);
});
