// Hashing content under the algorithm its digest names, and checking
// complete buffers (manifests, configs) against a descriptor.
import { createHash, type Hash } from 'node:crypto';
import { DigestMismatchError, SizeMismatchError } from '../errors.js';
import { splitDigest, type DigestAlgorithm } from '../reference/digest.js';

export class Digester {
  private readonly hash: Hash;
  constructor(readonly algorithm: DigestAlgorithm) {
    this.hash = createHash(algorithm);
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }
  digest(): string {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}

export function computeDigest(data: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): string {
  const d = new Digester(algorithm);
  d.update(data);
  return d.digest();
}

/** Throws unless data is exactly `digest` (any supported algorithm) and, when given, `size` bytes. */
export function verifyContent(what: string, data: Uint8Array, digest: string, size?: number): void {
  if (size !== undefined && data.length !== size) {
    throw new SizeMismatchError(what, size, data.length, { fields: { digest } });
  }
  const actual = computeDigest(data, splitDigest(digest).algorithm);
  if (actual !== digest) throw new DigestMismatchError(what, digest, actual);
}
