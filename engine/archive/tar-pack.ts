// Turns tree entries into a tar byte stream. A file's content must still be
// exactly the size lstat reported: a file changing under a running
// container is reported, never written as a torn entry.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { TscontainError, throwIfAborted } from '../errors.js';
import { encodeHeader, endBlocks, padding } from './tar-header.js';
import type { TreeEntry } from './tree-entry.js';

const READ_CHUNK = 256 * 1024;

export async function* tarChunks(entries: AsyncIterable<TreeEntry>, signal?: AbortSignal): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    throwIfAborted(signal);
    yield encodeHeader(entry.header);
    if (entry.header.type !== 'file' || entry.header.size === 0) continue;
    yield* fileChunks(entry.source!, entry.header.size);
    const pad = padding(entry.header.size);
    if (pad) yield Buffer.alloc(pad);
  }
  yield endBlocks();
}

async function* fileChunks(path: string, size: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    let done = 0;
    while (done < size) {
      const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - done));
      const { bytesRead } = await handle.read(buf, 0, buf.length, done);
      if (bytesRead === 0) throw changed(path);
      done += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
    const probe = Buffer.alloc(1);
    if ((await handle.read(probe, 0, 1, size)).bytesRead !== 0) throw changed(path);
  } finally {
    await handle.close();
  }
}

function changed(path: string): TscontainError {
  return new TscontainError('FILE_CHANGED', `${path} changed size while it was being archived`, {
    hint: 'stop the container (or let it settle) and try again',
  });
}

export function tarStream(entries: AsyncIterable<TreeEntry>, signal?: AbortSignal): Readable {
  return Readable.from(tarChunks(entries, signal), { objectMode: false });
}
