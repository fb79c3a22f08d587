// Writes an image archive: named files (JSON documents or streamed layer
// tars of known size) under root-owned directories, as one tar stream.
import { Readable } from 'node:stream';
import { throwIfAborted, TscontainError } from '../errors.js';
import { encodeHeader, endBlocks, padding } from './tar-header.js';

export interface ArchiveEntry {
  name: string;
  size: number;
  /** The content: bytes, or chunks that must add up to `size`. */
  content: Buffer | (() => AsyncIterable<Buffer>);
}

export function archiveStream(dirs: readonly string[], entries: AsyncIterable<ArchiveEntry> | Iterable<ArchiveEntry>, signal?: AbortSignal): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const name of dirs) yield encodeHeader({ name, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0 });
    for await (const entry of entries) {
      throwIfAborted(signal);
      yield encodeHeader({ name: entry.name, type: 'file', mode: 0o644, uid: 0, gid: 0, size: entry.size, mtime: 0 });
      if (Buffer.isBuffer(entry.content)) {
        yield entry.content;
      } else {
        let written = 0;
        for await (const chunk of entry.content()) {
          written += chunk.length;
          if (written > entry.size) break;
          yield chunk;
        }
        if (written !== entry.size) {
          throw new TscontainError('LAYER_SIZE_CHANGED', `${entry.name}: expected ${entry.size} bytes, the stored layer gave ${written}`, {
            hint: 'the stored layer blob is damaged; pull or load the image again',
          });
        }
      }
      const pad = padding(entry.size);
      if (pad) yield Buffer.alloc(pad);
    }
    yield endBlocks();
  }
  return Readable.from(chunks(), { objectMode: false });
}
