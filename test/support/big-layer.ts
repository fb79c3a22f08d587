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
