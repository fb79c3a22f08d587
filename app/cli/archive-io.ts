// Where the archive commands read and write: `import`/`load` take a regular
// file or stdin, `save`/`export` write a file (all-or-nothing) or stdout,
// never a terminal.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { writeArchiveFile, writeArchiveStdout } from '../../engine/archive/output-file.js';
import { UsageError, fromSystemError } from '../../engine/errors.js';
import type { CommandContext } from './command.js';

/** FILE checked to be a regular file, then read in large chunks; undefined reads stdin. */
export async function openArchiveInput(file: string | undefined): Promise<Readable> {
  if (file === undefined) return process.stdin;
  const st = await stat(file).catch((err: unknown) => { throw fromSystemError(err, `opening ${file}`); });
  if (!st.isFile()) throw new UsageError(`${file} is not a regular file`);
  return createReadStream(file, { highWaterMark: 256 * 1024 });
}

/** Checked before any work: an archive is no use on a terminal. */
export function refuseTerminalOutput(ctx: CommandContext, output: string | undefined): void {
  if (output === undefined && ctx.stdout.isTTY) {
    throw new UsageError('cowardly refusing to save to a terminal', { hint: 'use the -o flag or redirect' });
  }
}

/** STREAM into OUTPUT (a file written all-or-nothing), or stdout when undefined. */
export async function writeArchive(ctx: CommandContext, stream: Readable, output: string | undefined): Promise<void> {
  if (output === undefined) await writeArchiveStdout(stream, ctx.stdout, ctx.signal);
  else await writeArchiveFile(stream, output, ctx.signal);
}
