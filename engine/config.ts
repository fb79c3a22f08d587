// Host configuration, read from /etc/tscontain/config.json using the key names
// of Docker's daemon.json so users can copy their settings over.
import { readFile } from 'node:fs/promises';
import { ConfigError } from './errors.js';
import { parseNetworkConfig, type NetworkHostConfig } from './network/network-config.js';

export const DEFAULT_CONFIG_PATH = '/etc/tscontain/config.json';
export const DEFAULT_STORE_ROOT = '/var/lib/tscontain';

export interface HostConfig {
  /** Where the file was looked for (shown in errors). */
  file: string;
  /** Mirrors tried in order for docker.io before docker.io itself. */
  registryMirrors: string[];
  /** Hosts (host:port) or CIDRs reached over plain HTTP. */
  insecureRegistries: string[];
  /** Layers downloaded at once during a pull (Docker's key and default). */
  maxConcurrentDownloads: number;
  /** Store root from `data-root`, when set. */
  dataRoot: string | undefined;
  /** `bridge`, `bip`, `default-address-pools`. */
  network: NetworkHostConfig;
}

let chosenFile: string | undefined;

/**
 * The file `--config` named: every reader in this process uses it (the
 * network code reads the config where it needs it, not through the engine).
 */
export function chooseConfigFile(file: string | undefined): void {
  chosenFile = file;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return chosenFile ?? (env.TSCONTAIN_CONFIG || DEFAULT_CONFIG_PATH);
}

/** A missing file means defaults; anything malformed is a ConfigError naming the file. */
export async function loadHostConfig(file = configPath()): Promise<HostConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return parseHostConfig(file, '{}');
    throw new ConfigError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  return parseHostConfig(file, text);
}

export function parseHostConfig(file: string, text: string): HostConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, 'must hold a JSON object');
  }
  const obj = raw as Record<string, unknown>;
  const concurrent = obj['max-concurrent-downloads'] ?? 3;
  if (typeof concurrent !== 'number' || !Number.isInteger(concurrent) || concurrent < 1 || concurrent > 16) {
    throw new ConfigError(file, '"max-concurrent-downloads" must be an integer from 1 to 16');
  }
  const dataRoot = obj['data-root'];
  if (dataRoot !== undefined && (typeof dataRoot !== 'string' || !dataRoot.startsWith('/'))) {
    throw new ConfigError(file, '"data-root" must be an absolute path');
  }
  return {
    file,
    registryMirrors: stringList(file, obj, 'registry-mirrors'),
    insecureRegistries: stringList(file, obj, 'insecure-registries'),
    maxConcurrentDownloads: concurrent,
    dataRoot,
    network: parseNetworkConfig(file, obj),
  };
}

function stringList(file: string, obj: Record<string, unknown>, key: string): string[] {
  const value = obj[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new ConfigError(file, `"${key}" must be an array of non-empty strings`);
  }
  return value as string[];
}

/** Store root: --root, then TSCONTAIN_ROOT, then data-root, then the default. */
export function resolveStoreRoot(
  flag: string | undefined,
  config: HostConfig | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag || env.TSCONTAIN_ROOT || config?.dataRoot || DEFAULT_STORE_ROOT;
}
