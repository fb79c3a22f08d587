// Networks and published ports end to end with the real CLI, helper, bridges
// and nft rules. Only loopback and the bridge/subnets of this test's own slot
// (test/support/test-network.ts) are used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { containerFixture, eventually, skip } from '../containers/fixture.js';
import { freePort } from '../../../support/free-port.js';
import { runCli } from '../../../support/tscontain-cli.js';
import { nftTableName } from '../../../../engine/network/helper-net.js';
import { bridgeReady } from '../../../../engine/network/bridge-state.js';

const f = containerFixture();

function links(): string {
  return execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
}

function nftTable(root: string): string | undefined {
  try {
    return execFileSync('nft', ['list', 'table', 'ip', nftTableName(root)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve(body));
    }).on('error', reject);
  });
}

const HTTPD = (text: string, port: number) => ['sh', '-c', `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p ${port} -h /www`];

function userSubnet(bridge: string): string {
  const slot = Number(bridge.replace('tsct', ''));
  return `10.214.${slot}.0/28`;
}

test('two containers on a user network reach each other by name over TCP', { skip }, async () => {
  const subnet = userSubnet(f.env.bridge);
  const created = await f.cli('network', 'create', '--subnet', subnet, 'appnet');
  assert.equal(created.code, 0, created.stderr);
  const ls = await f.cli('network', 'ls');
  assert.match(ls.stdout, /appnet\s+bridge\s+local/);
  assert.match(ls.stdout, /\bbridge\s+bridge\s+local/);
  const srv = await f.cli('run', '-d', '--name', 'srv', '--network', 'appnet', 'busybox', ...HTTPD('hello-by-name', 7000));
  assert.equal(srv.code, 0, srv.stderr);
  const inspect = JSON.parse((await f.cli('network', 'inspect', 'appnet')).stdout) as { IPAM: { Config: { Subnet: string }[] }; Containers: Record<string, { Name: string; IPv4Address: string }> }[];
  assert.equal(inspect[0]!.IPAM.Config[0]!.Subnet, subnet);
  const member = Object.values(inspect[0]!.Containers)[0]!;
  assert.equal(member.Name, 'srv');
  assert.match(member.IPv4Address, /^10\.214\.\d+\.2\/28$/);
  const bridge = `br-${JSON.parse((await f.cli('network', 'inspect', 'appnet')).stdout)[0].Id.slice(0, 12)}`;
  assert.match(links(), new RegExp(`${bridge}:`));
  const client = await eventually(async () => {
    const r = await f.cli('run', '--rm', '--network', 'appnet', 'busybox', 'wget', '-qO-', 'http://srv:7000/');
    return r.code === 0 && r.stdout.includes('hello-by-name') ? r : undefined;
  }, 10_000);
  assert.match(client.stdout, /hello-by-name/);
  // A container joining later is named in srv's /etc/hosts too, kept up to date in place.
  const late = await f.cli('run', '-d', '--name', 'late', '--network', 'appnet', 'busybox', 'sleep', '60');
  assert.equal(late.code, 0, late.stderr);
  const hosts = await f.cli('exec', 'srv', 'cat', '/etc/hosts');
  assert.match(hosts.stdout, /10\.214\.\d+\.\d+\tlate/);
  assert.equal((await f.cli('network', 'rm', 'appnet')).code, 1, 'a network in use is not removed');
  assert.equal((await f.cli('rm', '-f', 'late')).code, 0);
  assert.doesNotMatch((await f.cli('exec', 'srv', 'cat', '/etc/hosts')).stdout, /\tlate/);
  assert.equal((await f.cli('rm', '-f', 'srv')).code, 0);
  assert.equal((await f.cli('network', 'rm', 'appnet')).code, 0);
  assert.doesNotMatch(links(), new RegExp(`${bridge}:`), 'the bridge went with its last container');
});

test('a busybox httpd published with -p answers on 127.0.0.1; port and ps show it', { skip }, async () => {
  const port = await freePort();
  const run = await f.cli('run', '-d', '--name', 'web', '-p', `${port}:80`, 'busybox', ...HTTPD('hello-published', 80));
  assert.equal(run.code, 0, run.stderr);
  const body = await eventually(() => httpGet(port).catch(() => undefined), 10_000);
  assert.match(body, /hello-published/);
  assert.equal((await f.cli('port', 'web')).stdout, `80/tcp -> 0.0.0.0:${port}\n`);
  assert.match((await f.cli('ps')).stdout, new RegExp(`0\\.0\\.0\\.0:${port}->80/tcp`));
  const settings = JSON.parse((await f.cli('inspect', 'web')).stdout)[0].NetworkSettings;
  assert.deepEqual(settings.Ports['80/tcp'], [{ HostIp: '0.0.0.0', HostPort: String(port) }]);
  assert.match(settings.IPAddress, /^10\.213\.\d+\.\d+$/);
  assert.ok(nftTable(f.env.root)?.includes(`dport ${port} dnat`), 'the DNAT rule is in the store table');

  // The same host port again: refused before the container starts.
  const clash = await f.cli('run', '-d', '--name', 'web2', '-p', `127.0.0.1:${port}:80`, 'busybox', 'sleep', '60');
  assert.equal(clash.code, 125);
  assert.match(clash.stderr, /port is already allocated/);
  assert.match((await f.cli('ps', '-a')).stdout, /web2/);
  assert.doesNotMatch((await f.cli('ps')).stdout, /web2/, 'web2 never ran');

  assert.equal((await f.cli('rm', '-f', 'web', 'web2')).code, 0);
  await assert.rejects(httpGet(port));
  assert.equal(nftTable(f.env.root), undefined, 'the table is gone with the last container');
});

test('a host port held by another program is a clear error', { skip }, async () => {
  const server = createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  try {
    const r = await f.cli('run', '--rm', '-p', `127.0.0.1:${port}:80`, 'busybox', 'true');
    assert.equal(r.code, 125);
    assert.match(r.stderr, new RegExp(`Error: Bind for 127\\.0\\.0\\.1:${port} failed: port is already allocated`));
  } finally {
    server.close();
  }
});

test('--network none has only lo; the default bridge gives eth0, a route and resolv.conf', { skip }, async () => {
  const none = await f.cli('run', '--rm', '--network', 'none', 'busybox', 'cat', '/proc/net/dev');
  assert.equal(none.code, 0, none.stderr);
  const ifaces = none.stdout.split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(':')[0]);
  assert.deepEqual(ifaces, ['lo']);
  const bridged = await f.cli('run', '--rm', '--add-host', 'db.example:10.213.250.9', '--dns', '10.213.250.53', 'busybox', 'sh', '-c', 'ip -4 -o addr show eth0; ip route; cat /etc/hosts /etc/resolv.conf');
  assert.equal(bridged.code, 0, bridged.stderr);
  assert.match(bridged.stdout, /eth0\s+inet 10\.213\.\d+\.\d+\/24/);
  assert.match(bridged.stdout, /default via 10\.213\.\d+\.1 dev eth0/);
  assert.match(bridged.stdout, /10\.213\.250\.9\tdb\.example/);
  assert.match(bridged.stdout, /^nameserver 10\.213\.250\.53$/m);
  assert.doesNotMatch(bridged.stdout, /nameserver 127\./);
});

test('the running bridge counts as ready (no bridge-up needed); one not as the helper left it does not, and the next start repairs it', { skip }, async () => {
  const slot = Number(f.env.bridge.replace('tsct', ''));
  const gateway = `10.213.${slot}.1`;
  const up = await f.cli('run', '-d', '--name', 'keeps-bridge', 'busybox', 'sleep', '60');
  assert.equal(up.code, 0, up.stderr);
  const subnet = `10.213.${slot}.0/24`;
  assert.equal(bridgeReady(f.env.root, f.env.bridge, subnet, gateway), true);
  assert.equal(bridgeReady(`${f.env.root}-other`, f.env.bridge, subnet, gateway), false, 'another store\'s bridge');
  assert.equal(bridgeReady(f.env.root, f.env.bridge, subnet, `10.213.${slot}.2`), false, 'another address');
  assert.equal(bridgeReady(f.env.root, f.env.bridge, `10.213.${slot}.0/25`, gateway), false, 'another prefix');
  assert.equal(bridgeReady(f.env.root, 'tsnosuch0', subnet, gateway), false, 'no such bridge');
  // The address removed behind tscontain's back: the next start puts it back through the helper.
  execFileSync('ip', ['addr', 'del', `${gateway}/24`, 'dev', f.env.bridge]);
  assert.equal(bridgeReady(f.env.root, f.env.bridge, subnet, gateway), false);
  const again = await f.cli('run', '--rm', 'busybox', 'ip', '-4', 'route');
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`default via ${gateway.replaceAll('.', '\\.')} dev eth0`));
  assert.equal(bridgeReady(f.env.root, f.env.bridge, subnet, gateway), true);
  assert.equal((await f.cli('rm', '-f', 'keeps-bridge')).code, 0);
  // With no container attached the bridge has no carrier, and is still ready.
  if (existsSync(`/sys/class/net/${f.env.bridge}`)) assert.equal(bridgeReady(f.env.root, f.env.bridge, subnet, gateway), true);
});

test('--config FILE is the config for networking too, not only for the engine', { skip }, async () => {
  const bip = JSON.parse(readFileSync(f.env.configFile, 'utf8')).bip as string;
  const prefix = bip.split('.').slice(0, 3).join('.');
  const env = { ...f.env.env };
  delete env.TSCONTAIN_CONFIG;
  const r = await runCli(['--config', f.env.configFile, 'run', '--rm', 'busybox', 'ip', '-4', '-o', 'addr', 'show', 'eth0'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`inet ${prefix.replace(/\./g, '\\.')}\\.\\d+/`));
});

test('a bridge name another store (or program) holds is one clear error naming the owner', { skip }, async () => {
  const name = `tscx${process.pid % 100000}`;
  execFileSync('ip', ['link', 'add', name, 'type', 'bridge']);
  try {
    execFileSync('ip', ['link', 'set', name, 'alias', 'tscontain /var/lib/some-other-store']);
    const config = { ...JSON.parse(readFileSync(f.env.configFile, 'utf8')) as Record<string, unknown>, bridge: name };
    const file = `${f.env.configFile}.other-bridge.json`;
    writeFileSync(file, JSON.stringify(config));
    // A fresh store: an existing one keeps the bridge its default network was made with.
    const env = { ...f.env.env, TSCONTAIN_ROOT: `${f.env.root}-other-bridge` };
    assert.equal((await runCli(['--config', file, 'pull', '-q', 'busybox'], env)).code, 0);
    const r = await runCli(['--config', file, 'run', '--rm', 'busybox', 'true'], env);
    assert.equal(r.code, 125);
    assert.equal(r.stderr, `Error: bridge ${name} belongs to another tscontain store (/var/lib/some-other-store); give this store its own "bridge" and "bip" in its config file (see README, Configuration)\n`);
  } finally {
    execFileSync('ip', ['link', 'del', name]);
    rmSync(`${f.env.root}-other-bridge`, { recursive: true, force: true });
  }
});

test('networks are isolated from each other, as in Docker; a published port still reaches across', { skip }, async () => {
  assert.equal((await f.cli('network', 'create', '--subnet', userSubnet(f.env.bridge), 'islet')).code, 0);
  const hostPort = await freePort();
  const srv = await f.cli('run', '-d', '--name', 'island', '--network', 'islet', '-p', `${hostPort}:7000`, 'busybox', ...HTTPD('on-the-island', 7000));
  assert.equal(srv.code, 0, srv.stderr);
  const ip = (await f.cli('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', 'island')).stdout.trim();
  assert.match(ip, /^10\.214\.\d+\.\d+$/);
  // Its own network reaches it: the server is up.
  // busybox-static's wget -T crashes; timeout bounds a dropped connection, under a shell that stays pid 1 (no exec of the last command: pid 1 ignores SIGTERM).
  const WGET = (url: string) => ['sh', '-c', `timeout 3 wget -qO- ${url}; exit $?`];
  await eventually(async () => {
    const r = await f.cli('run', '--rm', '--network', 'islet', 'busybox', ...WGET(`http://${ip}:7000/`));
    return r.code === 0 && r.stdout.includes('on-the-island') ? r : undefined;
  }, 10_000);
  // The default bridge does not, and the table says why.
  const across = await f.cli('run', '--rm', 'busybox', ...WGET(`http://${ip}:7000/`));
  assert.notEqual(across.code, 0, across.stdout);
  assert.match(nftTable(f.env.root) ?? '', new RegExp(`iifname "${f.env.bridge}" oifname "br-[0-9a-f]{12}" ct status ! dnat drop`));
  // Through the published port on the default bridge's gateway (a host address) it does.
  const gateway = (await f.cli('network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}', 'bridge')).stdout.trim();
  const published = await f.cli('run', '--rm', 'busybox', ...WGET(`http://${gateway}:${hostPort}/`));
  assert.equal(published.code, 0, published.stderr);
  assert.match(published.stdout, /on-the-island/);
  assert.equal((await f.cli('rm', '-f', 'island')).code, 0);
  assert.equal((await f.cli('network', 'rm', 'islet')).code, 0);
});

test('nothing is left behind: no bridge, veth or nft table of this store', { skip }, async () => {
  const ids = (await f.cli('ps', '-aq')).stdout.split('\n').filter(Boolean);
  if (ids.length) await f.cli('rm', '-f', ...ids);
  await f.cli('ps');
  // Other test files run containers at the same time: only this store's bridges and their veths count.
  assert.doesNotMatch(links(), new RegExp(`\\b${f.env.bridge}:`));
  assert.doesNotMatch(links(), new RegExp(`master ${f.env.bridge} `));
  assert.ok(!links().split('\n').some((l) => l.trimEnd().endsWith(`alias tscontain ${f.env.root}`)), 'a bridge of this store remains');
  assert.equal(nftTable(f.env.root), undefined);
});
