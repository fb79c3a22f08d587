// A container in the foreground: `run` without -d and `start -a`. Without a
// terminal or stdin, the CLI follows log.json until the container ends (no
// attach socket needed); with -t or -i it hands over to the interactive
// library's attach client. Either way the exit status is the container's.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AttachConnection } from '../../../engine/containers/attach-client.js';
import { helperKill } from '../../../engine/containers/helper-verbs.js';
import { waitForExit } from '../../../engine/containers/lifecycle.js';
import { readLogs } from '../../../engine/containers/logs.js';
import { ContainerPaths, type ContainerRecord } from '../../../engine/containers/record.js';
import { removeContainer } from '../../../engine/containers/remove-container.js';
import type { StoreLayout } from '../../../engine/store/layout.js';
import { removeAnonymousVolumes } from '../../../engine/volumes/volume-ops.js';
import { TscontainError } from '../../../engine/errors.js';
import type { CommandContext } from '../command.js';
import { loadInteractive, type InteractiveModule } from './interactive-hooks.js';

export interface ForegroundOptions {
  /** Use the attach client (a terminal, or stdin to forward). */
  interactive: boolean;
  stdin: boolean;
  /** Loaded before the container starts, so a missing library fails early. */
  hooks?: InteractiveModule | undefined;
  /** log.json offset where this run's output begins. */
  logOffset: number;
  /**
   * Without a terminal or stdin: take the output and the exit code from the
   * attach socket of a program held until this attach (`run`, started with
   * --wait-attach) instead of following log.json: no polling delay, and an
   * auto-removed container's exit code survives its directory.
   */
  attachHeld?: boolean;
}

/** The held program's output and exit code through attach.sock; undefined when that cannot be had. */
async function followAttached(ctx: CommandContext, layout: StoreLayout, id: string): Promise<number | undefined> {
  const conn = await AttachConnection.connect(new ContainerPaths(layout, id).dir, { signal: ctx.signal }).catch(() => undefined);
  if (!conn) return undefined;
  conn.on('output', (stream, data) => (stream === 'stderr' ? ctx.stderr : ctx.stdout).write(data));
  // Docker proxies the signal to the container; a pid 1 without a handler ignores it.
  const onAbort = () => void helperKill(layout.root, id, 'INT').catch(() => undefined);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const end = await conn.ended;
    if (ctx.signal.aborted && end.exitCode === undefined) return 130;
    return end.exitCode;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

export async function logSize(layout: StoreLayout, id: string): Promise<number> {
  return (await stat(new ContainerPaths(layout, id).log).catch(() => undefined))?.size ?? 0;
}

/** Returns the container's exit status, or undefined when the user detached. */
export async function runForeground(ctx: CommandContext, layout: StoreLayout, record: ContainerRecord, opts: ForegroundOptions): Promise<number | undefined> {
  const { id } = record.config;
  if (opts.attachHeld && !opts.interactive) {
    const code = await followAttached(ctx, layout, id);
    if (code !== undefined) return code;
  }
  if (opts.interactive) {
    const hooks = opts.hooks ?? (await loadInteractive());
    try {
      const result = await hooks.attachToContainer(new ContainerPaths(layout, id).socket, {
        tty: record.config.tty,
        stdin: opts.stdin,
        logPath: new ContainerPaths(layout, id).log,
        signal: ctx.signal,
      });
      if (result.detached) return undefined;
      if (result.exitCode !== undefined) return result.exitCode;
    } catch (err) {
      // The monitor (and its socket) only exist once started, so a program
      // that ends at once is gone before we connect: show its log instead.
      if (!(err instanceof TscontainError && err.code === 'ATTACH_REFUSED')) throw err;
      for await (const entry of readLogs(layout, id, { fromOffset: opts.logOffset })) {
        (entry.stream === 'stderr' ? ctx.stderr : ctx.stdout).write(entry.log);
      }
    }
  } else {
    for await (const entry of readLogs(layout, id, { follow: true, fromOffset: opts.logOffset, signal: ctx.signal })) {
      (entry.stream === 'stderr' ? ctx.stderr : ctx.stdout).write(entry.log);
    }
    if (ctx.signal.aborted) {
      // Docker proxies the signal to the container; a pid 1 without a
      // handler ignores it and keeps running, so the CLI stops waiting.
      await helperKill(layout.root, id, 'INT').catch(() => undefined);
      return 130;
    }
  }
  const final = await waitForExit(layout, id, { autoRemove: false });
  return final?.state.exitCode ?? 0;
}

/** The foreground CLI of a --rm container removes it (there is no daemon to do it). */
export async function autoRemove(layout: StoreLayout, record: ContainerRecord): Promise<void> {
  if (!record.config.autoRemove) return;
  if (existsSync(new ContainerPaths(layout, record.config.id).config)) await removeContainer(layout, record, true).catch(() => undefined);
  // The monitor normally removed it already, but volumes are the engine's to remove.
  else await removeAnonymousVolumes(layout, record.config).catch(() => undefined);
}
