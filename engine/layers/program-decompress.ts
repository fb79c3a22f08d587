// bzip2 and xz archives for `load`, as `docker load` takes them: Node has
// no codec for either, so the installed `bzip2`/`xz` programs undo them,
// streaming (stdin to stdout, nothing on disk). A missing program is one
// clear error naming the Debian package.
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { ArchiveError, TscontainError } from '../errors.js';

export type ProgramCompression = 'bzip2' | 'xz';

const PROGRAMS: Record<ProgramCompression, { program: string; pkg: string }> = {
  bzip2: { program: 'bzip2', pkg: 'bzip2' },
  xz: { program: 'xz', pkg: 'xz-utils' },
};

class ProgramDecompressor extends Duplex {
  private readonly child: ChildProcess;
  private stderr = '';

  constructor(private readonly kind: ProgramCompression) {
    super();
    const { program, pkg } = PROGRAMS[kind];
    this.child = spawn(program, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const { stdin, stdout, stderr } = this.child;
    this.child.once('error', (err: NodeJS.ErrnoException) => {
      this.destroy(err.code === 'ENOENT'
        ? new TscontainError('TOOL_MISSING', `${program} is not installed, so ${kind}-compressed archives cannot be read`, { hint: `apt-get install ${pkg}`, cause: err })
        : err);
    });
    // A program that stopped reading says why when it exits; the broken pipe says nothing.
    stdin!.on('error', () => undefined);
    stderr!.setEncoding('utf8').on('data', (d: string) => { if (this.stderr.length < 4096) this.stderr += d; });
    stdout!.on('data', (chunk: Buffer) => { if (!this.push(chunk)) stdout!.pause(); });
    this.child.once('close', (code, signal) => {
      if (this.destroyed) return;
      if (code === 0) this.push(null);
      else this.destroy(new ArchiveError(`the archive is not valid ${this.kind} data: ${this.stderr.trim().split('\n')[0] || `${program} exited with ${code ?? signal}`}`));
    });
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.child.stdin!.write(chunk)) done();
    else this.child.stdin!.once('drain', () => done());
  }

  override _final(done: (err?: Error | null) => void): void {
    this.child.stdin!.end(() => done());
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    done(err);
  }
}

export function programDecompressor(kind: ProgramCompression): Duplex {
  return new ProgramDecompressor(kind);
}
