import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublish, formatPortsColumn, dockerPortMap } from '../../../engine/network/ports.js';
import { parseCidr, overlaps, firstFree, formatIPv4, parseIPv4 } from '../../../engine/network/cidr.js';
import { hostsFile, checkExtraHost } from '../../../engine/network/container-network.js';
import { hostRoutes } from '../../../engine/network/host-routes.js';
import { nftTableName, hostVethName } from '../../../engine/network/helper-net.js';
import { parseNetworkConfig } from '../../../engine/network/network-config.js';

test('-p grammar: ip, host port, ranges, protocol', () => {
  assert.deepEqual(parsePublish('8080:80'), [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' }]);
  assert.deepEqual(parsePublish('127.0.0.1::53/udp'), [{ hostIp: '127.0.0.1', hostPort: 0, containerPort: 53, proto: 'udp' }]);
  assert.deepEqual(parsePublish('80').map((p) => p.hostPort), [0]);
  assert.deepEqual(parsePublish('9000-9001:80-81').map((p) => [p.hostPort, p.containerPort]), [[9000, 80], [9001, 81]]);
  for (const bad of ['0:80', '70000:80', '80/sctp', '1.2.3:80:80', '9000-9002:80-81', 'a:b:c:d', '90-80:90-80']) {
    assert.throws(() => parsePublish(bad), /invalid/, bad);
  }
});

test('ps and inspect shapes of published ports', () => {
  const p = [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' as const, containerIp: '10.88.0.2' }];
  assert.equal(formatPortsColumn(p, ['80/tcp', '53/udp']), '0.0.0.0:8080->80/tcp, 53/udp');
  assert.deepEqual(dockerPortMap(p, ['53/udp']), { '53/udp': null, '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
});

test('cidr arithmetic', () => {
  assert.equal(parseIPv4('010.1.1.1'), undefined);
  assert.equal(formatIPv4(parseIPv4('10.88.0.1')!), '10.88.0.1');
  assert.equal(parseCidr('10.88.0.1/16', true), undefined);
  assert.ok(overlaps(parseCidr('10.0.0.0/8')!, parseCidr('10.1.2.0/24')!));
  assert.ok(!overlaps(parseCidr('10.1.3.0/24')!, parseCidr('10.1.2.0/24')!));
  const s = parseCidr('10.1.2.0/30')!;
  assert.equal(formatIPv4(firstFree(s, new Set([parseIPv4('10.1.2.1')!]))!), '10.1.2.2');
  assert.equal(firstFree(s, new Set([parseIPv4('10.1.2.1')!, parseIPv4('10.1.2.2')!])), undefined);
});

test('hosts file: own address, peers once, extra hosts, host-gateway', () => {
  const network = { gateway: '10.1.0.1' } as never;
  const text = hostsFile({ hostname: 'abc', name: 'me', own: [{ network, ip: '10.1.0.2' }], peers: [['10.1.0.3', 'db'], ['10.1.0.4', 'db']], extraHosts: ['gw:host-gateway', 'x:1.2.3.4'] });
  assert.equal(text, '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.1.0.2\tabc\n10.1.0.3\tdb\n10.1.0.1\tgw\n1.2.3.4\tx\n');
  assert.throws(() => checkExtraHost('nohost'), /--add-host/);
  assert.throws(() => checkExtraHost('a:b\nc'), /--add-host/);
});

test('host routes from /proc/net/route', () => {
  const text = 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n' +
    'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' +
    'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n';
  assert.deepEqual(hostRoutes(text), [{ iface: 'eth0', base: parseIPv4('192.0.2.0'), prefix: 24 }]);
});

test('names shared with the helper: nft table and veth host end', () => {
  assert.equal(nftTableName('/var/lib/tscontain'), 'tscontain');
  assert.match(nftTableName('/tmp/x'), /^tscontain_[0-9a-f]{8}$/);
  assert.equal(hostVethName('0123456789abcdef', 3), 'tsv01234567893');
});

test('network config keys: bridge, bip, default-address-pools', () => {
  assert.equal(parseNetworkConfig('f', {}).bridge, 'tscontain0');
  assert.throws(() => parseNetworkConfig('f', { bridge: 'x'.repeat(16) }), /bridge/);
  assert.throws(() => parseNetworkConfig('f', { bip: '10.0.0.0/16' }), /bip/);
  assert.throws(() => parseNetworkConfig('f', { 'default-address-pools': [{ base: '10.0.0.1/16', size: 24 }] }), /pools/);
  assert.equal(parseNetworkConfig('f', { 'default-address-pools': [{ base: '10.9.0.0/16', size: 24 }] }).pools[0]!.size, 24);
});
