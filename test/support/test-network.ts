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
    // The slot is ours now: a bridge of that name, or a store's nft table naming it, is a
    // leftover of a test process that was killed before its exit handler ran.
    try {
      execFileSync('/usr/sbin/ip', ['link', 'del', bridge], { stdio: 'ignore' });
    } catch {
      // None there: the usual case.
    }
    dropStaleTables(bridge);
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

function dropStaleTables(bridge: string): void {
  let tables: string[];
  try {
    tables = execFileSync('/usr/sbin/nft', ['list', 'tables'], { encoding: 'utf8' }).match(/^table ip tscontain_[0-9a-f]{8}$/gm) ?? [];
  } catch {
    return;
  }
  for (const line of tables) {
    const name = line.slice('table ip '.length);
    try {
      if (execFileSync('/usr/sbin/nft', ['list', 'table', 'ip', name], { encoding: 'utf8' }).includes(`"${bridge}"`)) {
        execFileSync('/usr/sbin/nft', ['delete', 'table', 'ip', name], { stdio: 'ignore' });
      }
    } catch {
      // Gone meanwhile, or not ours to read: leave it.
    }
  }
}
