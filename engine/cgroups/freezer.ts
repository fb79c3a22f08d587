// Freezing a container's cgroup (Docker's pause/unpause). v1: the freezer
// hierarchy's freezer.state goes FREEZING -> FROZEN once every task has
// stopped; v2: cgroup.freeze, and cgroup.events says "frozen 1" when done.
// A freeze that does not finish in time (a task stuck in the kernel) is
// undone, as runc does, so a container is never left half frozen.
import { setTimeout as sleep } from 'node:timers/promises';
import { CgroupError } from '../errors.js';
import { parseFlatKeyed } from '../stats/parse-cgroup-files.js';
import { readControl, writeControl } from './cgroup-fs.js';

export interface FreezeOptions {
  /** How long to wait for the kernel to finish freezing. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

function noFreezer(dir: string | undefined): CgroupError {
  return new CgroupError('CGROUP_CONTROLLER_MISSING', 'this host has no cgroup freezer: pause is not possible', {
    fields: { path: dir ?? '' },
    hint: 'mount the v1 freezer hierarchy or use cgroup v2',
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(delay);
  }
}

function stuck(dir: string): CgroupError {
  return new CgroupError('CGROUP_BUSY', `the processes of ${dir} did not freeze in time`, {
    fields: { path: dir },
    hint: 'a process may be stuck in the kernel (uninterruptible I/O); try again',
  });
}

async function v1State(dir: string): Promise<string | undefined> {
  return (await readControl(dir, 'freezer.state'))?.trim();
}

export async function freezeV1(dir: string | undefined, opts: FreezeOptions = {}): Promise<void> {
  if (dir === undefined || (await v1State(dir)) === undefined) throw noFreezer(dir);
  await writeControl(dir, 'freezer.state', 'FROZEN');
  // The kernel reports FREEZING until every task stopped; writing FROZEN again retries stragglers.
  const done = await waitFor(async () => {
    if ((await v1State(dir)) === 'FROZEN') return true;
    await writeControl(dir, 'freezer.state', 'FROZEN');
    return false;
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!done) {
    await writeControl(dir, 'freezer.state', 'THAWED').catch(() => undefined);
    throw stuck(dir);
  }
}

export async function thawV1(dir: string | undefined): Promise<void> {
  if (dir === undefined || (await v1State(dir)) === undefined) throw noFreezer(dir);
  await writeControl(dir, 'freezer.state', 'THAWED');
}

/** FREEZING counts as frozen: the tasks that stopped stay stopped until a thaw. */
export async function frozenV1(dir: string | undefined): Promise<boolean> {
  if (dir === undefined) return false;
  const state = await v1State(dir);
  return state === 'FROZEN' || state === 'FREEZING';
}

async function v2Events(dir: string): Promise<Map<string, number>> {
  return parseFlatKeyed((await readControl(dir, 'cgroup.events')) ?? '');
}

export async function freezeV2(dir: string, opts: FreezeOptions = {}): Promise<void> {
  if ((await readControl(dir, 'cgroup.freeze')) === undefined) throw noFreezer(dir);
  await writeControl(dir, 'cgroup.freeze', '1');
  const done = await waitFor(async () => (await v2Events(dir)).get('frozen') === 1, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!done) {
    await writeControl(dir, 'cgroup.freeze', '0').catch(() => undefined);
    throw stuck(dir);
  }
}

export async function thawV2(dir: string): Promise<void> {
  if ((await readControl(dir, 'cgroup.freeze')) === undefined) throw noFreezer(dir);
  await writeControl(dir, 'cgroup.freeze', '0');
}

/** What was asked (cgroup.freeze), so a freeze still settling counts as paused. */
export async function frozenV2(dir: string): Promise<boolean> {
  return (await readControl(dir, 'cgroup.freeze'))?.trim() === '1';
}
