// A minimal real store for attach tests: one busybox layer and containers
// started directly through tscontain-helper (as helper-c/tests/box.c does).
// Only the containers started here are killed, through the helper's kill verb.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { guard } from '../../support/process-guard.js';

export const HELPER = process.env.TSCONTAIN_HELPER
  ?? fileURLToPath(new URL('../../../../helper-c/build/tscontain-helper', import.meta.url));
const LAYER_HEX = '2'.repeat(64);
const APPLETS = ['sh', 'echo', 'cat', 'sleep', 'stty', 'true', 'tty', 'ps'];

/** Why these tests cannot run here, or false. */
export function boxSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!existsSync('/bin/busybox')) return '/bin/busybox is missing (apt-get install busybox-static)';
  if (!existsSync(HELPER)) return `${HELPER} is missing (make -C helper-c)`;
  return false;
}

export interface Started {
  id: string;
  dir: string;
  pid: number;
  monitorPid: number;
}

export class Box {
  readonly store: string;
  readonly layer: string;
  private readonly base: string;
  private readonly unguard: () => void;
  private readonly started = new Set<string>();
  private readonly cgroups: string[] = [];
  private next = 0;

  constructor() {
    // /var/tmp like the C tests; the long path also forces the /proc/self/fd route to attach.sock.
    this.base = mkdtempSync('/var/tmp/tscontain-attach-tests.');
    this.unguard = guard({ dir: this.base });
    chmodSync(this.base, 0o755);
    this.store = path.join(this.base, 'store');
    this.layer = path.join(this.store, 'layers', LAYER_HEX, 'diff');
    mkdirSync(this.store, { mode: 0o700 });
    mkdirSync(path.join(this.store, 'containers'), { mode: 0o755 });
    mkdirSync(path.join(this.store, 'layers', LAYER_HEX), { recursive: true, mode: 0o700 });
    mkdirSync(path.join(this.layer, 'bin'), { recursive: true, mode: 0o755 });
    chmodSync(this.layer, 0o755);
    copyFileSync('/bin/busybox', path.join(this.layer, 'bin', 'busybox'));
    chmodSync(path.join(this.layer, 'bin', 'busybox'), 0o755);
    for (const applet of APPLETS) symlinkSync('busybox', path.join(this.layer, 'bin', applet));
  }

  /** `tscontain-helper run` with extra flags (e.g. --tty --stdin); returns once the program runs. */
  run(flags: string[], argv: string[]): Started {
    const id = (0xa77ac0 + this.next++).toString(16).padStart(64, '0');
    const dir = path.join(this.store, 'containers', id);
    mkdirSync(dir, { mode: 0o700 });
    const cgroup = this.devicesCgroup(id);
    const out = execFileSync(HELPER, ['run', '--store', this.store, '--id', id, '--layer', this.layer, '--cgroup', cgroup, ...flags, '--', ...argv], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.started.add(id);
    const { pid, monitorPid } = JSON.parse(out) as { pid: number; monitorPid: number };
    return { id, dir, pid, monitorPid };
  }

  /** The helper refuses to run a container without a devices cgroup: one per container, removed by destroy(). */
  private devicesCgroup(id: string): string {
    const v2 = !existsSync('/sys/fs/cgroup/devices');
    const parent = v2 ? '/sys/fs/cgroup/tscontain' : '/sys/fs/cgroup/devices/tscontain';
    const dir = path.join(parent, `attach-${process.pid}-${id.slice(-8)}`);
    mkdirSync(dir, { recursive: true });
    this.cgroups.push(dir);
    return dir;
  }

  /** Polls exit.json; the container's exit code, or undefined on timeout. */
  async waitExit(c: Started, seconds = 10): Promise<number | undefined> {
    const file = path.join(c.dir, 'exit.json');
    for (let waited = 0; waited < seconds * 1000; waited += 20) {
      if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { exitCode: number }).exitCode;
      await sleep(20);
    }
    return undefined;
  }

  /** SIGKILLs every container still running (by the helper's recorded init), then removes everything. */
  async destroy(): Promise<void> {
    await Promise.all([...this.started].map((id) => this.stop(id)));
    for (const dir of this.cgroups) {
      try {
        rmdirSync(dir);
      } catch {
        // Still busy with an unkillable member: left for the next run to see, never fatal.
      }
    }
    rmSync(this.base, { recursive: true, force: true });
    this.unguard();
  }

  private async stop(id: string): Promise<void> {
    const dir = path.join(this.store, 'containers', id);
    if (!existsSync(path.join(dir, 'monitor.pid'))) return;
    const monitorPid = Number.parseInt(readFileSync(path.join(dir, 'monitor.pid'), 'utf8'), 10);
    if (existsSync(path.join(dir, 'state'))) {
      spawnSync(HELPER, ['kill', '--store', this.store, '--id', id, '--signal', 'KILL'], { stdio: 'ignore' });
    }
    // cleanup refuses while the monitor lives; it exits once the container has ended.
    for (let i = 0; i < 250 && alive(monitorPid); i++) await sleep(20);
    for (let i = 0; i < 100; i++) {
      if (spawnSync(HELPER, ['cleanup', '--store', this.store, '--id', id], { stdio: 'ignore' }).status === 0) break;
      await sleep(20);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
