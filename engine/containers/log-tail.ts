// The last few lines of a container's log, read from the end of log.json:
// what a glance at a container needs (the dashboard's detail pane), at the
// cost of one stat when nothing was written since the last look.
import { open } from 'node:fs/promises';
import type { StoreLayout } from '../store/layout.js';
import { fromSystemError } from '../errors.js';
import { ContainerPaths } from './record.js';
import { parseLines, type LogEntry } from './logs.js';

/** Which version of the log a tail was read from. */
export interface LogVersion {
  size: number;
  mtimeMs: number;
}

export interface LogTail extends LogVersion {
  entries: LogEntry[];
}

/** Bytes read back from the end: plenty for a few lines, bounded however large the log. */
export const TAIL_BYTES = 64 * 1024;

/**
 * The last `lines` entries of container `id`'s log, or undefined when the
 * log is still the version `known`. A container that never wrote has an
 * empty tail. Lines longer than `maxBytes` are cut off at the window's start.
 */
export async function readLogTail(
  layout: StoreLayout, id: string, lines: number, known?: LogVersion, maxBytes = TAIL_BYTES,
): Promise<LogTail | undefined> {
  const path = new ContainerPaths(layout, id).log;
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw fromSystemError(err, `reading the log of ${id.slice(0, 12)}`);
  });
  if (!handle) return known && known.size === 0 ? undefined : { size: 0, mtimeMs: 0, entries: [] };
  try {
    const { size, mtimeMs } = await handle.stat();
    if (known && known.size === size && known.mtimeMs === mtimeMs) return undefined;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buf, 0, buf.length, start);
    let text = buf.subarray(0, bytesRead).toString('utf8');
    // A window that starts mid-line drops that partial line; one being written is not complete yet.
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    text = text.slice(0, text.lastIndexOf('\n') + 1);
    return { size, mtimeMs, entries: lines <= 0 ? [] : parseLines(text).slice(-lines) };
  } finally {
    await handle.close();
  }
}
