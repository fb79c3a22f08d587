// Real cgroups on the machine running the tests: names tscontain/test-<random>,
// processes parked on stdin until they have joined, and cleanup that kills
// only the pids these tests started and removes every cgroup they made, even
// when a test fails or the test process exits early.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import { createCgroupDriver } from '../../../engine/cgroups/create-driver.js';
import { detectCgroups, type CgroupHost } from '../../../engine/cgroups/detect.js';
import type { ContainerCgroup } from '../../../engine/cgroups/driver.js';
import type { CgroupLimits } from '../../../engine/cgroups/parse-limits.js';
import { guard } from '../../support/process-guard.js';

function hostOrReason(): CgroupHost | string {
  if (process.getuid?.() !== 0) return 'needs root to create cgroups';
  try {
    return detectCgroups();
  } catch (err) {
    return `no usable cgroup filesystem: ${(err as Error).message}`;
  }
}

export const realHost = hostOrReason();

/** Why a test needing these controllers cannot run here, or undefined. */
export function skipUnless(...controllers: string[]): string | undefined {
  if (typeof realHost === 'string') return realHost;
  const have = realHost.version === 1 ? Object.keys(realHost.mounts) : realHost.controllers;
  const missing = controllers.filter((c) => !have.includes(c));
  return missing.length > 0 ? `this host has no ${missing.join(', ')} cgroup controller` : undefined;
}

const made = new Set<ContainerCgroup>();
process.on('exit', () => {
  // Last resort after process-guard killed our children: rmdir works once a cgroup is empty.
  for (const cgroup of made) for (const dir of cgroup.paths().dirs) try { rmdirSync(dir); } catch { /* busy or gone */ }
});

export interface Parked {
  child: ChildProcess;
  output(): string;
  /** Lets the process go on past its `read`. */
  go(): void;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** A shell script that waits for one line on stdin first, so it can join a cgroup before doing anything. */
export function startParked(t: TestContext, script: string, shell = 'sh'): Parked {
  const child = spawn(shell, ['-c', `read go; ${script}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  const unguard = guard({ pid: child.pid });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d; });
  child.stderr!.on('data', (d: Buffer) => { output += d; });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  exited.then(unguard, unguard);
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, output: () => output, go: () => child.stdin!.write('go\n'), exited };
}

/** Creates tscontain/test-<random>; removed after the test, after its processes are killed. */
export async function testCgroup(t: TestContext, limits: CgroupLimits = {}) {
  if (typeof realHost === 'string') throw new Error(realHost);
  const driver = createCgroupDriver(realHost);
  const created = await driver.create(`test-${randomBytes(6).toString('hex')}`, limits);
  made.add(created.cgroup);
  t.after(async () => {
    // The test's own after hooks (registered later) kill its processes first; anything left here is ours too.
    await created.cgroup.killAll('SIGKILL');
    await created.cgroup.remove();
    made.delete(created.cgroup);
  });
  return { ...created, driver };
}

export async function pollUntil(condition: () => Promise<boolean>, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return condition();
}
