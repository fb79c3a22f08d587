// Content digests (`sha256:<64 hex>`): which algorithms we accept and how
// long their lowercase hex encoding must be, as go-digest checks them.

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** Why `value` is not a usable digest, or undefined when it is one. */
export function digestProblem(value: string): string | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return 'digest must be algorithm:hex';
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  if (!(algorithm in HEX_LENGTH)) return `unsupported digest algorithm "${algorithm}"`;
  const want = HEX_LENGTH[algorithm as DigestAlgorithm];
  if (!/^[a-f0-9]*$/.test(hex)) return 'invalid checksum digest format (lowercase hex expected)';
  if (hex.length !== want) return `invalid checksum digest length (${algorithm} needs ${want} hex characters, got ${hex.length})`;
  return undefined;
}

export function isValidDigest(value: string): boolean {
  return digestProblem(value) === undefined;
}

/** Splits a digest already known to be valid (see isValidDigest). */
export function splitDigest(value: string): ParsedDigest {
  const colon = value.indexOf(':');
  return { algorithm: value.slice(0, colon) as DigestAlgorithm, hex: value.slice(colon + 1) };
}
