// Kernel-generated files (cgroup controls, /proc) read the cheap way for a
// poller: each file is opened once and re-read with one pread at offset 0,
// which makes the kernel generate it afresh. A readFileSync costs five
// syscalls (open, fstat, read, read, close) and a path walk every time.
// libuv opens every file O_CLOEXEC. Files are grouped by owner (a container ID) so a poller can close the
// files of containers that are gone.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

interface OpenFile {
  fd: number;
  owner: string;
  path: string;
}

/** Big enough for memory.stat and a /proc/<pid>/net/dev with a few interfaces. */
const INITIAL_BUFFER = 16 * 1024;

export class KernelFiles {
  private readonly files = new Map<string, OpenFile>();
  /** owner -> dir -> file -> joined path: joining afresh every second was the poller's largest garbage. */
  private readonly paths = new Map<string, Map<string, Map<string, string>>>();
  private buffer = Buffer.allocUnsafe(INITIAL_BUFFER);

  /** The file's current text, or undefined when it cannot be opened or read (gone). */
  read(owner: string, path: string): string | undefined {
    let file = this.files.get(path);
    if (!file) {
      try {
        file = { fd: openSync(path, 'r'), owner, path };
      } catch {
        return undefined;
      }
      this.files.set(path, file);
    }
    try {
      for (;;) {
        const n = readSync(file.fd, this.buffer, 0, this.buffer.length, 0);
        // A full buffer may mean a longer file: grow and read it again whole.
        if (n < this.buffer.length) return this.buffer.toString('utf8', 0, n);
        this.buffer = Buffer.allocUnsafe(this.buffer.length * 2);
      }
    } catch {
      // A removed cgroup answers ENODEV, an exited process ESRCH: forget the file.
      this.close(path);
      return undefined;
    }
  }

  /** `read` of dir/file, the joined path kept until the owner goes. */
  readAt(owner: string, dir: string, file: string): string | undefined {
    let dirs = this.paths.get(owner);
    if (!dirs) this.paths.set(owner, (dirs = new Map()));
    let files = dirs.get(dir);
    if (!files) dirs.set(dir, (files = new Map()));
    let path = files.get(file);
    if (path === undefined) files.set(file, (path = join(dir, file)));
    return this.read(owner, path);
  }

  /** A reader bound to one owner, for code that takes `(path) => text`. */
  reader(owner: string): (path: string) => string | undefined {
    return (path) => this.read(owner, path);
  }

  /** Closes the files of every owner not in `live`. */
  retain(live: ReadonlySet<string>): void {
    // Over the values: entries() makes a [key, value] array per open file every tick.
    for (const file of this.files.values()) if (!live.has(file.owner)) this.close(file.path);
    for (const owner of this.paths.keys()) if (!live.has(owner)) this.paths.delete(owner);
  }

  closeAll(): void {
    for (const path of [...this.files.keys()]) this.close(path);
    this.paths.clear();
  }

  get openCount(): number {
    return this.files.size;
  }

  private close(path: string): void {
    const file = this.files.get(path);
    if (!file) return;
    this.files.delete(path);
    try {
      closeSync(file.fd);
    } catch {
      // Already closed: nothing to release.
    }
  }
}
