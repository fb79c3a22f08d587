// Is a recorded process (pid + start time) still running? A zombie counts as
// gone: monitors are reparented to init or a subreaper, which may take a
// while to reap them, and a zombie records nothing more.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** The state letter and start time (clock ticks) in a /proc/<pid>/stat text. */
function parseStat(stat: string): { state: string; start: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', start: Number(fields[19]) };
}

const gone = (state: string) => state === 'Z' || state === 'X';

export function processRunning(pid: number, startTime: number): boolean {
  if (pid <= 0) return false;
  try {
    const { state, start } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return !gone(state) && start === startTime;
  } catch {
    return false;
  }
}

interface Watched {
  fd: number;
  start: number;
}

const CLOSE_PAREN = 0x29;
const ZOMBIE = 0x5a;
const DEAD = 0x58;

/**
 * processRunning for a poller that asks about the same processes every
 * second (the dashboard's monitors). /proc/<pid>/stat is opened once, when
 * its start time matches, and then re-read with one pread: the open file is
 * bound to that process, not to its number, so once the process is reaped
 * the read fails (ESRCH) even if the pid was reused, and the start time
 * never needs comparing again. The state letter is found in the bytes,
 * without making a string.
 */
export class ProcessWatch {
  private readonly watched = new Map<number, Watched>();
  private readonly buffer = Buffer.allocUnsafe(1024);

  running(pid: number, startTime: number): boolean {
    if (pid <= 0) return false;
    let entry = this.watched.get(pid);
    if (entry && entry.start !== startTime) {
      this.forget(pid);
      entry = undefined;
    }
    if (!entry) {
      entry = this.open(pid, startTime);
      if (!entry) return false;
    }
    try {
      const n = readSync(entry.fd, this.buffer, 0, this.buffer.length, 0);
      const paren = this.buffer.lastIndexOf(CLOSE_PAREN, n - 1);
      const state = paren >= 0 && paren + 2 < n ? this.buffer[paren + 2] : undefined;
      if (state !== ZOMBIE && state !== DEAD && state !== undefined) return true;
    } catch {
      // ESRCH: reaped.
    }
    this.forget(pid);
    return false;
  }

  /** Closes the files of processes not in `pids`. */
  retain(pids: ReadonlySet<number>): void {
    for (const pid of this.watched.keys()) if (!pids.has(pid)) this.forget(pid);
  }

  closeAll(): void {
    for (const pid of [...this.watched.keys()]) this.forget(pid);
  }

  get openCount(): number {
    return this.watched.size;
  }

  private open(pid: number, startTime: number): Watched | undefined {
    let fd: number;
    try {
      fd = openSync(`/proc/${pid}/stat`, 'r');
    } catch {
      return undefined;
    }
    try {
      const n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      const { state, start } = parseStat(this.buffer.toString('latin1', 0, n));
      if (start === startTime && !gone(state)) {
        const entry = { fd, start: startTime };
        this.watched.set(pid, entry);
        return entry;
      }
    } catch {
      // Exited between open and read.
    }
    closeSync(fd);
    return undefined;
  }

  private forget(pid: number): void {
    const entry = this.watched.get(pid);
    if (!entry) return;
    this.watched.delete(pid);
    try {
      closeSync(entry.fd);
    } catch {
      // Already closed.
    }
  }
}
