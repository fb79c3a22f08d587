// Content digests as the OCI image spec writes them.
import { createHash } from 'node:crypto';

/** `sha256:<64 hex>` of the given bytes. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
