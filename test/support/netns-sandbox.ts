// A private network namespace in which tests may change iptables/nft rules
// without touching the host's firewall, plus a "peer" namespace standing in
// for the outside world, linked to it by a veth (10.216.0.1 <-> 10.216.0.2;
// both namespaces are private, so these addresses exist nowhere else).
//
// The sandbox's holder process has its own mount namespace with a fresh
// sysfs (so /sys/class/net shows the sandbox's interfaces, as the engine
// reads them) and the host's /sys/fs/cgroup moved back under it. The real CLI
// runs in both namespaces through nsenter; everything made inside goes away
// with the namespaces when the holder, the peer and the containers are gone.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ENTRY, cliResult, type CliResult } from './tscontain-cli.js';

export const SANDBOX_ADDRESS = '10.216.0.1';
export const PEER_ADDRESS = '10.216.0.2';

function waitLine(child: ChildProcess, want: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes(want)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sandbox setup exited ${code}: ${err.trim()}`)));
  });
}

export class NetnsSandbox {
  private readonly spawned: ChildProcess[] = [];
  private constructor(readonly holder: ChildProcess, readonly peer: ChildProcess, private readonly scratch: string) {}

  static async create(): Promise<NetnsSandbox> {
    const scratch = mkdtempSync(join(tmpdir(), 'tsc-netns-'));
    mkdirSync(join(scratch, 'cg'));
    const holder = spawn('/usr/bin/unshare', ['--net', '--mount', '--propagation', 'slave', '/bin/sh', '-c',
      'set -e; ip link set lo up; mount --rbind /sys/fs/cgroup "$1"; mount -t sysfs sysfs /sys; ' +
      'mount --move "$1" /sys/fs/cgroup; echo ready; exec sleep 3600', 'sh', join(scratch, 'cg')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const peer = spawn('/usr/bin/unshare', ['--net', '/bin/sh', '-c', 'ip link set lo up; echo ready; exec sleep 3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const box = new NetnsSandbox(holder, peer, scratch);
    try {
      await Promise.all([waitLine(holder, 'ready'), waitLine(peer, 'ready')]);
      box.sh(`ip link add fw0 type veth peer name fw1 netns /proc/${peer.pid}/ns/net && ip addr add ${SANDBOX_ADDRESS}/24 dev fw0 && ip link set fw0 up`);
      box.peerSh(`ip addr add ${PEER_ADDRESS}/24 dev fw1 && ip link set fw1 up`);
    } catch (e) {
      box.destroy();
      throw e;
    }
    return box;
  }

  /** A shell command in the sandbox (its network and mount namespaces); its stdout. */
  sh(command: string): string {
    return execFileSync('/usr/bin/nsenter', ['-t', String(this.holder.pid), '-n', '-m', '/bin/sh', '-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  peerSh(command: string): string {
    return execFileSync('/usr/bin/nsenter', ['-t', String(this.peer.pid), '-n', '/bin/sh', '-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** A long-running program in the peer (true) or sandbox namespace; killed by destroy(). */
  background(inPeer: boolean, argv: string[]): ChildProcess {
    const pid = String((inPeer ? this.peer : this.holder).pid);
    const child = spawn('/usr/bin/nsenter', ['-t', pid, '-n', ...(inPeer ? [] : ['-m']), ...argv], { stdio: 'ignore' });
    this.spawned.push(child);
    return child;
  }

  /** The real CLI inside the sandbox. */
  cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
    return cliResult(spawn('/usr/bin/nsenter', ['-t', String(this.holder.pid), '-n', '-m', process.execPath, CLI_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  destroy(): void {
    for (const c of [...this.spawned, this.holder, this.peer]) {
      if (c.exitCode === null && c.signalCode === null && c.pid) {
        try {
          process.kill(c.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
