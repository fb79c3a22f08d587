// Large, incompressible, deterministic layers for benchmarks (e.g. a ~150 MB
// multi-layer image): the same seed always gives the same bytes and digests.
import { createCipheriv, createHash } from 'node:crypto';
import type { TarEntry } from './tar-writer.js';

/** `size` pseudo-random bytes: the AES-256-CTR keystream keyed by sha256(seed). */
export function deterministicBytes(size: number, seed: string | number): Buffer {
  const key = createHash('sha256').update(`tscontain-test-bytes:${seed}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const out = cipher.update(Buffer.alloc(size));
  cipher.final();
  return out;
}

export type BigLayerOptions = {
  /** Largest single file (default 32 MiB); the data is split across files of at most this size. */
  fileSize?: number;
  /** Directory holding the files (default `big/<seed>/`). */
  dir?: string;
};

/** A layer of about `sizeBytes` of incompressible data, split into files under one directory. */
export function bigLayer(sizeBytes: number, seed: string | number, opts: BigLayerOptions = {}): TarEntry[] {
  const fileSize = opts.fileSize ?? 32 * 1024 * 1024;
  const dir = opts.dir ?? `big/${seed}/`;
  const entries: TarEntry[] = opts.dir ? [{ name: dir, type: 'dir' }]
    : [{ name: 'big/', type: 'dir' }, { name: dir, type: 'dir' }];
  const data = deterministicBytes(sizeBytes, seed);
  for (let off = 0, i = 0; off < sizeBytes || i === 0; off += fileSize, i++) {
    entries.push({
      name: `${dir}chunk-${String(i).padStart(3, '0')}`,
      type: 'file',
      body: data.subarray(off, Math.min(sizeBytes, off + fileSize)),
    });
  }
  return entries;
}

/**
 * About `size` bytes of word-like text that gzip shrinks roughly 2-3x, as it
 * does real image content. A 4 MiB block is repeated: gzip's 32 KiB window
 * cannot see the repeats, so the ratio stays that of fresh text.
 */
export function textBytes(size: number, seed: string | number): Buffer {
  const blockSize = Math.min(size, 4 * 1024 * 1024);
  const random = deterministicBytes(blockSize, `text:${seed}`);
  const words = Array.from({ length: 4096 }, (_, i) =>
    createHash('sha256').update(`${seed}:${i}`).digest('base64').replace(/[+/=]/g, 'x').slice(0, 2 + (i % 10)));
  const block = Buffer.alloc(blockSize);
  for (let o = 0, r = 0; o < blockSize; r = (r + 2) % (blockSize - 1)) {
    o += block.write(`${words[((random[r]! << 8) | random[r + 1]!) & 4095]} `, o);
  }
  const out = Buffer.alloc(size);
  for (let o = 0; o < size; o += blockSize) block.copy(out, o, 0, Math.min(blockSize, size - o));
  return out;
}
