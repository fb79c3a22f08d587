// A host whose iptables FORWARD drops (Docker, ufw, `iptables -P FORWARD
// DROP`): the helper's own chain lets the store's bridge traffic through, and
// nothing of it stays after rm. All inside a network namespace this test
// makes (test/support/netns-sandbox.ts): the host's firewall is never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerFixture, eventually, skip as fixtureSkip } from '../containers/fixture.js';
import { NetnsSandbox, PEER_ADDRESS, SANDBOX_ADDRESS } from '../../../support/netns-sandbox.js';

const f = containerFixture();

type Variant = 'legacy' | 'nft';
const have = (v: Variant) => existsSync(`/usr/sbin/iptables-${v}`) && existsSync(`/usr/sbin/iptables-${v}-save`);
const skip = fixtureSkip ?? (existsSync('/usr/bin/nsenter') && existsSync('/usr/bin/unshare') ? undefined : 'needs nsenter and unshare (util-linux)');

/** The filter table as iptables-save prints it, without comments and counters. */
function save(box: NetnsSandbox, v: Variant): string {
  return box.sh(`iptables-${v}-save -t filter 2>/dev/null`).split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
    .join('\n');
}

function userSubnet(bridge: string): { subnet: string; gateway: string } {
  const slot = Number(bridge.replace('tsct', ''));
  return { subnet: `10.214.${slot}.0/28`, gateway: `10.214.${slot}.1` };
}

const HTTPD = (text: string) => ['sh', '-c', `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`];

/** Serves TEXT from a busybox httpd in the peer (true) or the sandbox namespace. */
function serve(box: NetnsSandbox, inPeer: boolean, address: string, port: number, text: string): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-www-'));
  writeFileSync(join(dir, 'index.html'), `${text}\n`);
  box.background(inPeer, ['/bin/busybox', 'httpd', '-f', '-p', `${address}:${port}`, '-h', dir]);
  return () => rmSync(dir, { recursive: true, force: true });
}

async function wgetFromContainer(box: NetnsSandbox, network: string, url: string, want: string): Promise<void> {
  let last = '';
  const r = await eventually(async () => {
    const out = await box.cli(f.env.env, 'run', '--rm', '--network', network, 'busybox', 'timeout', '5', 'wget', '-qO-', url);
    last = `exit ${out.code}: ${out.stdout}${out.stderr}`;
    return out.code === 0 && out.stdout.includes(want) ? out : undefined;
  }, 15_000).catch(() => undefined);
  assert.ok(r, `a container on ${network} fetched ${url} (last try: ${last.trim()})`);
}

async function removeAll(box: NetnsSandbox): Promise<void> {
  const ids = (await box.cli(f.env.env, 'ps', '-aq', '--no-trunc')).stdout.split('\n').filter(Boolean);
  if (ids.length) await box.cli(f.env.env, 'rm', '-f', ...ids);
  await box.cli(f.env.env, 'network', 'rm', 'fwnet');
}

for (const v of ['legacy', 'nft'] as const) {
  test(`with iptables-${v} FORWARD policy DROP, bridge traffic passes through our chain, which goes with rm`, { skip: skip ?? (have(v) ? undefined : `iptables-${v} is not installed`) }, async () => {
    const box = await NetnsSandbox.create();
    const cleanups: (() => void)[] = [];
    try {
      box.sh(`iptables-${v} -w 5 -P FORWARD DROP && iptables-${v} -w 5 -A FORWARD -m conntrack --ctstate INVALID -j DROP`);
      const before = save(box, v);
      assert.match(before, /:FORWARD DROP/);
      const { subnet, gateway } = userSubnet(f.env.bridge);
      assert.equal((await box.cli(f.env.env, 'network', 'create', '--subnet', subnet, 'fwnet')).code, 0);
      const srv = await box.cli(f.env.env, 'run', '-d', '--name', 'fwsrv', '--network', 'fwnet', '-p', '8088:80', 'busybox', ...HTTPD('from-container'));
      assert.equal(srv.code, 0, srv.stderr);

      const during = save(box, v);
      const chain = /^:(TSCONTAIN-FWD-[0-9a-f]{8}) -$/m.exec(during)?.[1];
      assert.ok(chain, `our chain is in the ${v} filter table:\n${during}`);
      assert.equal(during.split('\n').find((l) => l.startsWith('-A FORWARD')), `-A FORWARD -j ${chain}`, 'jumped to from the top of FORWARD');
      assert.match(during, new RegExp(`-A ${chain} -i br-[0-9a-f]{12} -j ACCEPT`));
      assert.match(during, new RegExp(`-A ${chain} -o br-[0-9a-f]{12} -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT`));

      cleanups.push(serve(box, true, PEER_ADDRESS, 8080, 'from-outside'));
      cleanups.push(serve(box, false, '0.0.0.0', 8081, 'from-the-host'));
      // Container to container over the bridge (br_netfilter sends it through FORWARD).
      await wgetFromContainer(box, 'fwnet', 'http://fwsrv/', 'from-container');
      // Out through NAT to another network: FORWARD in both directions.
      await wgetFromContainer(box, 'fwnet', `http://${PEER_ADDRESS}:8080/`, 'from-outside');
      // A listener on the namespace's own addresses: the gateway's, and another interface's via the gateway.
      await wgetFromContainer(box, 'fwnet', `http://${gateway}:8081/`, 'from-the-host');
      await wgetFromContainer(box, 'fwnet', `http://${SANDBOX_ADDRESS}:8081/`, 'from-the-host');
      // The published port from outside (DNAT, then FORWARD into the bridge) and from 127.0.0.1.
      assert.match(box.peerSh(`busybox timeout 5 busybox wget -qO- http://${SANDBOX_ADDRESS}:8088/`), /from-container/);
      assert.match(box.sh('busybox timeout 5 busybox wget -qO- http://127.0.0.1:8088/'), /from-container/);

      assert.equal((await box.cli(f.env.env, 'rm', '-f', 'fwsrv')).code, 0);
      assert.equal((await box.cli(f.env.env, 'network', 'rm', 'fwnet')).code, 0);
      const after = save(box, v);
      assert.equal(after, before, 'FORWARD is back to exactly the host rules');
      assert.doesNotMatch(box.sh('iptables-legacy-save 2>/dev/null; iptables-nft-save 2>/dev/null'), /TSCONTAIN/);
    } finally {
      await removeAll(box);
      box.destroy();
      for (const c of cleanups) c();
    }
  });
}

test('with FORWARD accepting, nothing is added to the host rules', { skip: skip ?? (have('legacy') && have('nft') ? undefined : 'needs iptables-legacy and iptables-nft') }, async () => {
  const box = await NetnsSandbox.create();
  const cleanups: (() => void)[] = [];
  try {
    // Both filter tables exist, accepting (with a rule that only logs nothing: a RETURN).
    box.sh('iptables-legacy -w 5 -P FORWARD ACCEPT && iptables-nft -w 5 -A FORWARD -p tcp --dport 9 -j RETURN');
    const before = { legacy: save(box, 'legacy'), nft: save(box, 'nft') };
    assert.match(before.nft, /-A FORWARD -p tcp -m tcp --dport 9 -j RETURN/);
    const { subnet } = userSubnet(f.env.bridge);
    assert.equal((await box.cli(f.env.env, 'network', 'create', '--subnet', subnet, 'fwnet')).code, 0);
    const srv = await box.cli(f.env.env, 'run', '-d', '--name', 'fwidle', '--network', 'fwnet', 'busybox', 'sleep', '60');
    assert.equal(srv.code, 0, srv.stderr);
    cleanups.push(serve(box, true, PEER_ADDRESS, 8080, 'from-outside'));
    await wgetFromContainer(box, 'fwnet', `http://${PEER_ADDRESS}:8080/`, 'from-outside');
    assert.deepEqual({ legacy: save(box, 'legacy'), nft: save(box, 'nft') }, before);
  } finally {
    await removeAll(box);
    box.destroy();
    for (const c of cleanups) c();
  }
});
