// The pure checks of run-extras.ts and its modules: labels, --expose,
// --sysctl, --device (with a fake stat), --security-opt, resolv.conf lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stats } from 'node:fs';
import { exposedPortsOf, parseExpose, parseExtras, parseLabels, stopSignalOf } from '../../../engine/containers/run-extras.js';
import { checkDevice, deviceArgs } from '../../../engine/containers/devices.js';
import { checkSysctl } from '../../../engine/containers/sysctls.js';
import { withSearchAndOptions } from '../../../engine/network/container-network.js';
import { UsageError } from '../../../engine/errors.js';

const usage = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof UsageError && message.test(e.message));

test('labels: KEY=VALUE, KEY alone is empty, later wins; image labels under them', () => {
  assert.deepEqual(parseLabels(['a=1', 'b', 'a=2', 'c=x=y']), { a: '2', b: '', c: 'x=y' });
  usage(() => parseLabels(['=v']), /the key is empty/);
  assert.deepEqual(parseExtras({ labels: ['x=flag'] }, { Labels: { x: 'img', y: 'img' } }).labels, { x: 'flag', y: 'img' });
  assert.equal(parseExtras({}, {}).labels, undefined);
});

test('--expose: ports, ranges and protocols; merged after the image\'s', () => {
  assert.deepEqual(parseExpose('80'), ['80/tcp']);
  assert.deepEqual(parseExpose('53/UDP'), ['53/udp']);
  assert.deepEqual(parseExpose('7000-7002/tcp'), ['7000/tcp', '7001/tcp', '7002/tcp']);
  for (const bad of ['0', '65536', '80/icmp', '9-8', 'http']) usage(() => parseExpose(bad), /for --expose/);
  assert.deepEqual(exposedPortsOf({ ExposedPorts: { '80/tcp': {} } }, { expose: ['80', '443'] }), ['80/tcp', '443/tcp']);
});

test('--sysctl: only namespaced keys; slashes become dots', () => {
  assert.deepEqual(checkSysctl('net.core.somaxconn=1024'), ['net.core.somaxconn', '1024']);
  assert.deepEqual(checkSysctl('net/ipv4/ip_forward=1'), ['net.ipv4.ip_forward', '1']);
  assert.deepEqual(checkSysctl('kernel.sem=250 32000 32 128'), ['kernel.sem', '250 32000 32 128']);
  assert.deepEqual(checkSysctl('fs.mqueue.msg_max=20'), ['fs.mqueue.msg_max', '20']);
  usage(() => checkSysctl('kernel.hostname=x'), /is not allowed: it is not in a namespace the container owns/);
  usage(() => checkSysctl('vm.swappiness=1'), /not allowed/);
  usage(() => checkSysctl('net.core.somaxconn'), /use KEY=VALUE/);
  usage(() => checkSysctl('net.core.x=a\nb'), /printable/);
  usage(() => parseExtras({ sysctls: ['net.core.somaxconn=1'] }, {}, 'host'), /not allowed in the host network namespace/);
});

test('--device: HOST[:CONTAINER[:PERMS]] and the checks on HOST', () => {
  const chr = { isCharacterDevice: () => true, isBlockDevice: () => false } as Stats;
  const dir = { isCharacterDevice: () => false, isBlockDevice: () => false } as Stats;
  const stat = ((p: string) => {
    if (p === '/dev/fuse') return chr;
    if (p === '/dev/pts') return dir;
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  }) as never;
  assert.deepEqual(checkDevice('/dev/fuse', stat), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' });
  assert.deepEqual(checkDevice('/dev/fuse:r', stat).CgroupPermissions, 'r');
  assert.deepEqual(checkDevice('/dev/fuse:/dev/f', stat).PathInContainer, '/dev/f');
  assert.deepEqual(checkDevice('/dev/fuse:/dev/x/f:rw', stat), { PathOnHost: '/dev/fuse', PathInContainer: '/dev/x/f', CgroupPermissions: 'rw' });
  usage(() => checkDevice('/dev/pts', stat), /is not a character or block device/);
  usage(() => checkDevice('/dev/none', stat), /no such device/);
  usage(() => checkDevice('/etc/passwd', stat), /is not a path below \/dev/);
  usage(() => checkDevice('/dev/../etc/passwd', stat), /is not a path below \/dev/);
  usage(() => checkDevice('/dev/fuse:/etc/f', stat), /is not a path below \/dev/);
  usage(() => checkDevice('/dev/fuse:/dev/f:rr', stat), /not a combination of r, w and m/);
  usage(() => checkDevice('/dev/fuse:/dev/f:rw:x', stat), /too many/);
  assert.deepEqual(deviceArgs([{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/f', CgroupPermissions: 'rw' }]), ['--device', '/dev/fuse,/dev/f,rw']);
});

test('--security-opt, --stop-signal, --stop-timeout, --shm-size, --group-add', () => {
  assert.equal(parseExtras({ securityOpt: ['no-new-privileges'] }, {}).noNewPrivileges, true);
  assert.equal(parseExtras({ securityOpt: ['no-new-privileges=true'] }, {}).noNewPrivileges, true);
  usage(() => parseExtras({ securityOpt: ['no-new-privileges:false'] }, {}), /always sets no-new-privileges/);
  usage(() => parseExtras({ securityOpt: ['seccomp=unconfined'] }, {}), /not supported by tscontain/);
  usage(() => parseExtras({ securityOpt: ['bogus'] }, {}), /invalid --security-opt/);
  usage(() => parseExtras({ stopSignal: 'NOPE' }, {}), /^invalid signal: NOPE$/);
  assert.equal(stopSignalOf({ stopSignal: 'SIGUSR1' }, 'SIGTERM'), 'SIGUSR1');
  assert.equal(stopSignalOf({}, 'SIGQUIT'), 'SIGQUIT');
  assert.equal(parseExtras({ stopTimeout: '-1' }, {}).stopTimeout, -1);
  usage(() => parseExtras({ stopTimeout: '1.5' }, {}), /--stop-timeout/);
  assert.equal(parseExtras({ shmSize: '128m' }, {}).shmSize, 128 * 1024 * 1024);
  usage(() => parseExtras({ shmSize: '0' }, {}), /--shm-size/);
  assert.deepEqual(parseExtras({ groupAdd: ['audio', '44'] }, {}).groupAdd, ['audio', '44']);
  usage(() => parseExtras({ groupAdd: ['bad:name'] }, {}), /--group-add/);
});

test('resolv.conf: --dns-search replaces search/domain ("." clears it), --dns-option replaces options', () => {
  const host = 'nameserver 192.0.2.1\nsearch old.test\ndomain d.test\noptions ndots:1\n';
  assert.equal(withSearchAndOptions(host, ['a.test', 'b.test'], ['ndots:3', 'rotate']),
    'nameserver 192.0.2.1\nsearch a.test b.test\noptions ndots:3 rotate\n');
  assert.equal(withSearchAndOptions(host, ['.'], undefined), 'nameserver 192.0.2.1\noptions ndots:1\n');
  assert.equal(withSearchAndOptions(host, undefined, undefined), host);
});
