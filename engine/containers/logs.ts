// Reading log.json, the monitor's one-JSON-object-per-line log, with Docker's
// --tail, --since and --follow. Following polls the file (100 ms) and stops
// once the container is no longer running and the file is drained: the
// monitor drains the output before it writes exit.json.
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths, readRecord } from './record.js';
import { reconcile } from './reconcile.js';

export interface LogEntry {
  time: string;
  stream: 'stdout' | 'stderr';
  log: string;
}

export interface LogOptions {
  /** Only the last N entries (of those already written). */
  tail?: number | undefined;
  /** Only entries at or after this time (ms since the epoch). */
  sinceMs?: number | undefined;
  follow?: boolean;
  /** Byte offset to start from (a foreground run skips earlier runs' output). */
  fromOffset?: number;
  signal?: AbortSignal | undefined;
  pollMs?: number;
}

export function parseLines(text: string): LogEntry[] {
  const out: LogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as LogEntry;
      if (typeof e.log === 'string') out.push(e);
    } catch { /* a torn line from a crash: skip it */ }
  }
  return out;
}

/** Nanosecond RFC 3339 to ms; Date.parse only takes milliseconds. */
export function logTimeMs(time: string): number {
  return Date.parse(time.replace(/(\.\d{3})\d+/, '$1'));
}

async function stillRunning(layout: StoreLayout, id: string): Promise<boolean> {
  const raw = await readRecord(layout, id);
  const record = raw && (await reconcile(layout, raw, { autoRemove: false }));
  return record?.state.status === 'running';
}

export async function* readLogs(layout: StoreLayout, id: string, opts: LogOptions = {}): AsyncGenerator<LogEntry> {
  const path = new ContainerPaths(layout, id).log;
  let offset = opts.fromOffset ?? 0;
  let first = true;
  const keep = (e: LogEntry) => opts.sinceMs === undefined || logTimeMs(e.time) >= opts.sinceMs;
  for (;;) {
    if (opts.signal?.aborted) return;
    // Decided before reading, so output written just before the end is not missed.
    const running = opts.follow ? await stillRunning(layout, id) : false;
    const handle = await open(path, 'r').catch(() => undefined);
    let chunk = '';
    if (handle) {
      try {
        const { size } = await handle.stat();
        if (size > offset) {
          const buf = Buffer.alloc(size - offset);
          const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
          const text = buf.subarray(0, bytesRead).toString('utf8');
          const end = text.lastIndexOf('\n') + 1;
          chunk = text.slice(0, end);
          offset += Buffer.byteLength(chunk);
        }
      } finally {
        await handle.close();
      }
    }
    let entries = parseLines(chunk).filter(keep);
    if (first && opts.tail !== undefined) entries = opts.tail <= 0 ? [] : entries.slice(-opts.tail);
    first = false;
    yield* entries;
    if (!opts.follow || !running) return;
    await sleep(opts.pollMs ?? 100, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}

/** Docker's --since: RFC 3339, Unix seconds (with fraction) or a duration back from now ("10m", "1h30m"). */
export function parseSince(value: string, now = Date.now()): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^((\d+(\.\d+)?)(ns|us|ms|s|m|h))+$/.test(value);
  if (duration) {
    const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
    let ms = 0;
    for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)) ms += Number(m[1]) * unit[m[2]!]!;
    return now - ms;
  }
  const t = logTimeMs(value);
  return Number.isNaN(t) ? undefined : t;
}
