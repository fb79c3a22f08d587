// The engine's log entries as the dashboard's LogLines: streamed in batches
// (one dispatch per burst, not per line), or written to a file.
import { open } from 'node:fs/promises';
import type { LogEntry } from '../../engine/containers/logs.js';
import { AbortedError, fromSystemError } from '../../engine/errors.js';
import type { LogLine } from './engine-port.js';
import { terminalSafe } from './terminal-safe.js';

function toLogLine(entry: LogEntry): LogLine {
  return { time: entry.time, stream: entry.stream, text: entry.log.replace(/\r?\n$/, '') };
}

/** A log entry to show on screen: printable text only (the file saved keeps the bytes). */
export function toShownLogLine(entry: LogEntry): LogLine {
  const line = toLogLine(entry);
  return { ...line, text: terminalSafe(line.text) };
}

/** Hands lines on at most once per macrotask; the first call (the tail) comes even when empty. */
export async function streamLogBatches(entries: AsyncIterable<LogEntry>, onLines: (lines: LogLine[]) => void): Promise<void> {
  let batch: LogLine[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const lines = batch;
    batch = [];
    onLines(lines);
  };
  setImmediate(flush);
  scheduled = true;
  try {
    for await (const entry of entries) {
      batch.push(toShownLogLine(entry));
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }
  } catch (err) {
    if (!(err instanceof AbortedError) && (err as Error)?.name !== 'AbortError') throw err;
  }
  if (batch.length > 0) onLines(batch.splice(0));
}

/** Writes every entry to `path`, which must not exist yet; the number of lines. */
export async function saveLogFile(entries: AsyncIterable<LogEntry>, path: string, timestamps: boolean): Promise<number> {
  let file;
  try {
    file = await open(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${path} already exists; give another path`);
    throw fromSystemError(err, `creating ${path}`);
  }
  let count = 0;
  try {
    for await (const entry of entries) {
      const line = toLogLine(entry);
      await file.write(`${timestamps ? `${line.time} ` : ''}${line.text}\n`);
      count++;
    }
  } finally {
    await file.close();
  }
  return count;
}
