// Names on user networks beyond the container name: --ip, --network-alias,
// network connect --alias, and rename, all with real containers talking by
// name (busybox wget and ping through the hosts files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, eventually, skip } from '../containers/fixture.js';

const f = containerFixture();

const HTTPD = (text: string, port: number) => ['sh', '-c', `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p ${port} -h /www`];

/** This env's own slot (test/support/test-network.ts), a /28 the other network test does not use. */
function subnetBase(bridge: string): string {
  return `10.214.${Number(bridge.replace('tsct', ''))}.32`;
}

async function reachable(args: string[]): Promise<string> {
  const r = await eventually(async () => {
    const out = await f.cli('run', '--rm', '--network', 'names', 'busybox', ...args);
    return out.code === 0 ? out : undefined;
  }, 10_000);
  return r.stdout;
}

test('--ip and --network-alias: peers reach the container by alias; inspect shows them', { skip }, async () => {
  const base = subnetBase(f.env.bridge);
  const prefix = base.slice(0, base.lastIndexOf('.') + 1);
  assert.equal((await f.cli('network', 'create', '--subnet', `${base}/28`, 'names')).code, 0);
  const ip = `${prefix}${Number(base.split('.')[3]) + 10}`;
  const srv = await f.cli('run', '-d', '--name', 'srv', '--network', 'names', '--ip', ip,
    '--network-alias', 'db', '--network-alias', 'cache.local', 'busybox', ...HTTPD('via-alias', 7000));
  assert.equal(srv.code, 0, srv.stderr);
  const net = JSON.parse((await f.cli('inspect', 'srv')).stdout)[0].NetworkSettings.Networks.names;
  assert.equal(net.IPAddress, ip);
  assert.deepEqual(net.Aliases, ['db', 'cache.local']);
  assert.ok(net.DNSNames.includes('db'));

  assert.match(await reachable(['wget', '-qO-', 'http://db:7000/']), /via-alias/);
  assert.match(await reachable(['ping', '-c', '1', '-W', '2', 'cache.local']), new RegExp(`from ${ip.replace(/\./g, '\\.')}`));
  assert.match(await reachable(['wget', '-qO-', `http://${srv.stdout.trim().slice(0, 12)}:7000/`]), /via-alias/, 'the short ID resolves too');

  const taken = await f.cli('run', '--rm', '--network', 'names', '--ip', ip, 'busybox', 'true');
  assert.equal(taken.code, 125);
  assert.match(taken.stderr, /^Error: address .* is not free in network names/);
});

test('rename: peers resolve the new name at once, not the old one', { skip }, async () => {
  const peer = await f.cli('run', '-d', '--name', 'peer', '--network', 'names', 'busybox', 'sleep', '120');
  assert.equal(peer.code, 0, peer.stderr);
  assert.match((await f.cli('exec', 'peer', 'cat', '/etc/hosts')).stdout, /\tsrv /);
  assert.equal((await f.cli('rename', 'srv', 'srv2')).code, 0);
  const hosts = (await f.cli('exec', 'peer', 'cat', '/etc/hosts')).stdout;
  assert.match(hosts, /\tsrv2 /);
  assert.doesNotMatch(hosts, /\tsrv /);
  assert.match((await f.cli('exec', 'peer', 'wget', '-qO-', 'http://srv2:7000/')).stdout, /via-alias/);
  const old = await f.cli('exec', 'peer', 'wget', '-qO-', '-T', '2', 'http://srv:7000/');
  assert.notEqual(old.code, 0, 'the old name no longer resolves');
});

test('network connect --alias: a container joining later is reachable by its alias', { skip }, async () => {
  const side = await f.cli('run', '-d', '--name', 'side', 'busybox', ...HTTPD('side-door', 7001));
  assert.equal(side.code, 0, side.stderr);
  const connect = await f.cli('network', 'connect', '--alias', 'backdoor', 'names', 'side');
  assert.equal(connect.code, 0, connect.stderr);
  assert.deepEqual(JSON.parse((await f.cli('inspect', 'side')).stdout)[0].NetworkSettings.Networks.names.Aliases, ['backdoor']);
  assert.match(await reachable(['wget', '-qO-', 'http://backdoor:7001/']), /side-door/);
  assert.match((await f.cli('exec', 'peer', 'wget', '-qO-', 'http://backdoor:7001/')).stdout, /side-door/, 'existing peers learn it too');
});

test('--ip and --network-alias are refused on the default bridge, as in Docker', { skip }, async () => {
  const ip = await f.cli('run', '--rm', '--ip', '10.99.0.5', 'busybox', 'true');
  assert.equal(ip.code, 125);
  assert.match(ip.stderr, /^Error: user specified IP address is supported on user defined networks only; create a network/);
  const alias = await f.cli('run', '--rm', '--network-alias', 'x', 'busybox', 'true');
  assert.equal(alias.code, 125);
  assert.match(alias.stderr, /^Error: network-scoped alias is supported only for containers in user defined networks; /);
  const bad = await f.cli('run', '--rm', '--network', 'names', '--network-alias', '-bad', 'busybox', 'true');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: invalid network alias "-bad"/);
  assert.equal((await f.cli('ps', '-a', '--format', 'json')).stdout.split('\n').filter(Boolean).length, 3, 'nothing was created');
});
