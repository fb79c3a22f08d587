// Test stores run containers on the default bridge network, so each test
// process needs its own bridge name and subnets: two test files running at
// once must never share a bridge. A slot N (0-199) is held by binding the
// abstract unix socket "tscontain-test-net-N" for the life of the process
// (the kernel frees it when the process ends, however it ends), and gives
// bridge "tsct<N>", default subnet 10.213.N.0/24 and user-network pool
// 10.214.N.0/24 in /28s. Only these ranges and bridges are ever used by tests.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';

const held: Server[] = [];

function tryBind(name: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ path: `\0${name}`, exclusive: true }, () => {
      server.unref();
      resolve(server);
    });
  });
}

export interface TestNetwork {
  slot: number;
  bridge: string;
  config: Record<string, unknown>;
}

export async function takeTestNetwork(): Promise<TestNetwork> {
  for (let slot = 0; slot < 200; slot++) {
    const server = await tryBind(`tscontain-test-net-${slot}`);
    if (!server) continue;
    held.push(server);
    const bridge = `tsct${slot}`;
    // The slot is ours now: a bridge of that name is a leftover of a test process that was killed.
    try {
      execFileSync('/usr/sbin/ip', ['link', 'del', bridge], { stdio: 'ignore' });
    } catch {
      // None there: the usual case.
    }
    return {
      slot,
      bridge,
      config: {
        bridge,
        bip: `10.213.${slot}.1/24`,
        'default-address-pools': [{ base: `10.214.${slot}.0/24`, size: 28 }],
      },
    };
  }
  throw new Error('no free test network slot (200 test processes at once?)');
}
