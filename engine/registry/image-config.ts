// The image configuration blob (OCI image-spec config.md / Docker's
// container.image.v1): platform, rootfs diff_ids and the defaults a
// container starts with. Checked field by field: it comes from the network.
import { digestProblem } from '../reference/digest.js';
import { isObject } from './descriptor.js';
import { protocolError } from './registry-errors.js';

export interface ContainerDefaults {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  [key: string]: unknown;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  os: string;
  architecture: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: ContainerDefaults;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: HistoryEntry[];
  [key: string]: unknown;
}

/** Largest config blob we read; real ones are a few KiB. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export function parseImageConfig(bytes: Buffer, host: string): ImageConfig {
  const bad = (problem: string): never => {
    throw protocolError(host, `image config: ${problem}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return bad('not valid JSON');
  }
  if (!isObject(doc)) return bad('not a JSON object');
  if (typeof doc.os !== 'string' || !doc.os) bad('missing "os"');
  if (typeof doc.architecture !== 'string' || !doc.architecture) bad('missing "architecture"');
  for (const key of ['variant', 'created', 'author'] as const) {
    if (doc[key] !== undefined && typeof doc[key] !== 'string') bad(`"${key}" must be a string`);
  }
  const rootfs = doc.rootfs;
  if (!isObject(rootfs) || rootfs.type !== 'layers' || !Array.isArray(rootfs.diff_ids)) bad('"rootfs" must be {type: "layers", diff_ids: [...]}');
  (rootfs as { diff_ids: unknown[] }).diff_ids.forEach((d, i) => {
    const problem = typeof d === 'string' ? digestProblem(d) : 'not a string';
    if (problem) bad(`diff_id ${i + 1}: ${problem}`);
  });
  if (doc.history !== undefined && (!Array.isArray(doc.history) || doc.history.some((h) => !isObject(h)))) bad('"history" must be an array of objects');
  if (doc.config !== undefined && doc.config !== null) checkDefaults(doc.config, bad);
  const out = { ...doc } as ImageConfig;
  if (doc.config === null) delete out.config;
  if (out.variant === '') delete out.variant;
  return out;
}

function checkDefaults(value: unknown, bad: (problem: string) => never): void {
  if (!isObject(value)) return bad('"config" must be an object');
  for (const key of ['Env', 'Entrypoint', 'Cmd'] as const) {
    const v = value[key];
    if (v === null) delete value[key];
    else if (v !== undefined && (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))) bad(`config.${key} must be an array of strings`);
  }
  for (const key of ['User', 'WorkingDir', 'StopSignal'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') bad(`config.${key} must be a string`);
  }
  for (const key of ['ExposedPorts', 'Volumes', 'Labels'] as const) {
    if (value[key] === null) delete value[key];
    else if (value[key] !== undefined && !isObject(value[key])) bad(`config.${key} must be an object`);
  }
}
