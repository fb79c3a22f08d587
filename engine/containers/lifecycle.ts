// stop, kill, restart and wait. Signals go through the helper, which checks
// the recorded init's start time so a reused pid is never signalled; the end
// is observed by polling the records (exit.json, the monitor's liveness).
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortedError, ContainerError, TscontainError } from '../errors.js';
import type { StoreLayout } from '../store/layout.js';
import { helperKill } from './helper-verbs.js';
import { readRecord, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';
import { startContainer } from './start-container.js';
import { thawAfterSignal } from './pause.js';
import { parseSignal } from './signals.js';

export interface WaitOptions {
  /** Give up (returning the still-running record) after this long. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  /** False: leave an exited --rm container for the caller to remove. */
  autoRemove?: boolean;
  pollMs?: number;
}

/**
 * Polls until the container is no longer running. Returns the settled record,
 * or undefined if it was removed (an auto-remove container) meanwhile.
 */
export async function waitForExit(layout: StoreLayout, id: string, opts: WaitOptions = {}): Promise<ContainerRecord | undefined> {
  const end = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  for (;;) {
    const raw = await readRecord(layout, id);
    const record = raw && (await reconcile(layout, raw, { autoRemove: opts.autoRemove }));
    if (!record || record.state.status !== 'running' || Date.now() >= end) return record;
    if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
    await sleep(opts.pollMs ?? 50);
  }
}

function notRunning(record: ContainerRecord): ContainerError {
  return new ContainerError('CONTAINER_NOT_RUNNING', `container ${record.config.name} is not running`, {
    fields: { container: record.config.id },
  });
}

/** Docker's `kill`: one signal (default KILL) to a running container. */
export async function killContainer(layout: StoreLayout, record: ContainerRecord, signal = 'KILL'): Promise<void> {
  if (record.state.status !== 'running') throw notRunning(record);
  try {
    await helperKill(layout.root, record.config.id, signal.replace(/^SIG/i, ''));
  } catch (err) {
    if (err instanceof TscontainError && err.code === 'CONTAINER_NOT_RUNNING') throw notRunning(record);
    throw err;
  }
  await thawAfterSignal(layout, record);
}

/**
 * The stop signal (--stop-signal, the image's StopSignal, else TERM), then KILL
 * after `timeoutSec` (default: --stop-timeout, else 10; negative waits forever).
 */
export async function stopContainer(layout: StoreLayout, record: ContainerRecord, timeoutArg?: number, signal?: AbortSignal): Promise<ContainerRecord | undefined> {
  if (record.state.status !== 'running') return record;
  const timeoutSec = timeoutArg ?? record.config.stopTimeout ?? 10;
  const { id } = record.config;
  const quietKill = (sig: string) => helperKill(layout.root, id, sig.replace(/^SIG/i, '')).catch((err: unknown) => {
    if (!(err instanceof TscontainError && err.code === 'CONTAINER_NOT_RUNNING')) throw err;
  });
  if (timeoutSec !== 0) {
    await quietKill(String(parseSignal(record.config.stopSignal || 'TERM')));
    await thawAfterSignal(layout, record);
    const after = await waitForExit(layout, id, { ...(timeoutSec < 0 ? {} : { timeoutMs: timeoutSec * 1000 }), signal });
    if (!after || after.state.status !== 'running') return after;
  }
  await quietKill('KILL');
  await thawAfterSignal(layout, record);
  return waitForExit(layout, id, { timeoutMs: 10_000, signal });
}

export async function restartContainer(layout: StoreLayout, record: ContainerRecord, timeoutSec?: number, signal?: AbortSignal): Promise<ContainerRecord> {
  const stopped = await stopContainer(layout, record, timeoutSec, signal);
  if (!stopped) throw new ContainerError('CONTAINER_NOT_FOUND', `No such container: ${record.config.name}`);
  return startContainer(layout, stopped, { signal });
}
