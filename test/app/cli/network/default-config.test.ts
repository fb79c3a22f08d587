// The default network follows "bridge" and "bip" of the config file, as
// Docker re-applies bip at every daemon start: while no container is
// attached a change applies at the next use; while containers are, the
// network keeps its bridge and subnet and run/create say so in one line.
// A second test network slot gives this file another bridge and subnet.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { containerFixture, skip } from '../containers/fixture.js';
import { takeTestNetwork, type TestNetwork } from '../../../support/test-network.js';

const f = containerFixture();
let second: TestNetwork | undefined;

async function setConfig(net: Record<string, unknown>): Promise<void> {
  const config = JSON.parse(await readFile(f.env.configFile, 'utf8')) as Record<string, unknown>;
  await writeFile(f.env.configFile, JSON.stringify({ ...config, bridge: net['bridge'], bip: net['bip'] }));
}

async function defaultNetwork(): Promise<{ bridge: string; subnet: string; gateway: string }> {
  const r = await f.cli('network', 'inspect', 'bridge');
  assert.equal(r.code, 0, r.stderr);
  const n = JSON.parse(r.stdout)[0] as { Options: Record<string, string>; IPAM: { Config: { Subnet: string; Gateway: string }[] } };
  return { bridge: n.Options['com.docker.network.bridge.name']!, subnet: n.IPAM.Config[0]!.Subnet, gateway: n.IPAM.Config[0]!.Gateway };
}

function linkExists(name: string): boolean {
  try {
    execFileSync('/usr/sbin/ip', ['link', 'show', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

after(async () => {
  // Back to the fixture's own slot, so its cleanup finds what it made.
  if (second && f.cli) {
    const ids = (await f.cli('ps', '-aq', '--no-trunc')).stdout.split('\n').filter(Boolean);
    if (ids.length) await f.cli('rm', '-f', ...ids);
    await f.cli('network', 'ls');
  }
});

test('a changed bridge/bip applies to the default network once no container uses it', { skip }, async () => {
  const first = { bridge: f.env.bridge, bip: `10.213.${Number(f.env.bridge.replace('tsct', ''))}.1/24` };
  const before = await defaultNetwork();
  assert.equal(before.bridge, first.bridge);
  second = await takeTestNetwork();
  await setConfig(second.config);

  const moved = await defaultNetwork();
  assert.equal(moved.bridge, second.bridge);
  assert.equal(moved.subnet, `10.213.${second.slot}.0/24`);
  assert.equal(moved.gateway, `10.213.${second.slot}.1`);

  const run = await f.cli('run', '-d', '--name', 'holder', 'busybox', 'sleep', '120');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'nothing to say while the config and the network agree');
  const ip = JSON.parse((await f.cli('inspect', 'holder')).stdout)[0].NetworkSettings.Networks.bridge.IPAddress as string;
  assert.ok(ip.startsWith(`10.213.${second.slot}.`), ip);
  assert.ok(linkExists(second.bridge), 'the new bridge is up');
  assert.ok(!linkExists(first.bridge), 'the old bridge is gone');

  // Back to the first values while "holder" is attached: kept, and said once.
  await setConfig(first);
  const blocked = await f.cli('run', '--rm', 'busybox', 'true');
  assert.equal(blocked.code, 0, blocked.stderr);
  assert.equal(blocked.stderr,
    `WARNING: the default network keeps bridge ${second.bridge} and subnet 10.213.${second.slot}.0/24 (the config says "bridge": "${first.bridge}", "bip": "${first.bip}"): 1 container uses it; remove it to apply the change\n`);
  assert.equal((await defaultNetwork()).bridge, second.bridge);

  assert.equal((await f.cli('rm', '-f', 'holder')).code, 0);
  const back = await defaultNetwork();
  assert.deepEqual(back, { bridge: first.bridge, subnet: `10.213.${Number(first.bridge.replace('tsct', ''))}.0/24`, gateway: first.bip.replace('/24', '') });
  assert.ok(!linkExists(second.bridge), 'the bridge of the old config is taken down');
  const again = await f.cli('run', '--rm', 'busybox', 'true');
  assert.equal(again.stderr, '');
});
