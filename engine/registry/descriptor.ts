// Descriptors (mediaType + digest + size, and optional urls, annotations,
// platform) read from untrusted JSON: everything is checked before use, the
// digest above all, since it ends up in URLs and store paths.
import { digestProblem } from '../reference/digest.js';
import type { Platform } from '../reference/platform.js';
import { protocolError } from './registry-errors.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  /** Index entries only. */
  platform?: Platform;
  artifactType?: string;
}

const MEDIA_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[\w!#$&^.+-]+$/;

/** `host` and `label` only shape the error message ("layer 2 of the manifest"). */
export function parseDescriptor(value: unknown, host: string, label: string): Descriptor {
  const bad = (problem: string): never => {
    throw protocolError(host, `${label}: ${problem}`);
  };
  if (!isObject(value)) return bad('not a JSON object');
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) bad(`invalid mediaType ${JSON.stringify(mediaType)}`);
  if (typeof digest !== 'string') return bad('missing digest');
  const problem = digestProblem(digest);
  if (problem) bad(`${problem} (${JSON.stringify(digest.slice(0, 80))})`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) bad(`invalid size ${JSON.stringify(size)}`);
  const out: Descriptor = { mediaType: mediaType as string, digest, size: size as number };
  if (value.urls !== undefined) {
    if (!Array.isArray(value.urls) || value.urls.some((u) => typeof u !== 'string')) bad('urls must be an array of strings');
    out.urls = [...(value.urls as string[])];
  }
  if (value.annotations !== undefined) out.annotations = stringMap(value.annotations, bad);
  if (value.platform !== undefined) out.platform = parsePlatformField(value.platform, bad);
  if (typeof value.artifactType === 'string') out.artifactType = value.artifactType;
  return out;
}

function parsePlatformField(value: unknown, bad: (problem: string) => never): Platform {
  if (!isObject(value) || typeof value.os !== 'string' || typeof value.architecture !== 'string') {
    return bad('platform needs os and architecture strings');
  }
  if (value.variant !== undefined && typeof value.variant !== 'string') bad('platform variant must be a string');
  const p: Platform = { os: value.os, architecture: value.architecture };
  if (typeof value.variant === 'string' && value.variant !== '') p.variant = value.variant;
  return p;
}

export function stringMap(value: unknown, bad: (problem: string) => never): Record<string, string> {
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) bad('annotations must map strings to strings');
  return { ...(value as Record<string, string>) };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
