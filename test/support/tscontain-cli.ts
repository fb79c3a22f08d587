// Runs the real `tscontain` CLI (the compiled entry point) in a child process
// against a test store and config, and captures what a user would see.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeTestNetwork } from './test-network.js';
import { nftTableName } from '../../engine/network/helper-net.js';

export const CLI_ENTRY = fileURLToPath(new URL('../../app/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface TestEnv {
  root: string;
  /** The default network's bridge interface of this env. */
  bridge: string;
  configFile: string;
  env: NodeJS.ProcessEnv;
}

const madeDirs: string[] = [];
const madeNets: { root: string; bridge: string }[] = [];

/** What a store's networking leaves in the host when its store is deleted without a last sync. */
function dropHostNetworking(root: string, bridge: string): void {
  for (const [cmd, args] of [['/usr/sbin/ip', ['link', 'del', bridge]], ['/usr/sbin/nft', ['delete', 'table', 'ip', nftTableName(root)]]] as const) {
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      // Already gone: the store's own sync removed it.
    }
  }
}

// Test stores are removed when the test process ends, whatever the test did.
process.once('exit', () => {
  for (const { root, bridge } of madeNets) dropHostNetworking(root, bridge);
  for (const dir of madeDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A store a still-running container holds busy is left for the OS to clean.
    }
  }
});

/** A fresh store and a config trusting loopback registries over plain HTTP. */
export async function makeTestEnv(config: Record<string, unknown> = {}): Promise<TestEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'tsc-env-'));
  madeDirs.push(dir);
  const configFile = join(dir, 'config.json');
  // Its own bridge and subnets, so parallel test files never share one.
  const network = await takeTestNetwork();
  await writeFile(configFile, JSON.stringify({ 'insecure-registries': ['127.0.0.0/8'], ...network.config, ...config }));
  const root = join(dir, 'root');
  madeNets.push({ root, bridge: network.bridge });
  return { root, bridge: network.bridge, configFile, env: { ...process.env, TSCONTAIN_ROOT: root, TSCONTAIN_CONFIG: configFile } };
}

export type CliSpawnOptions = Pick<SpawnOptions, 'uid' | 'gid' | 'cwd' | 'stdio'>;

export interface CliRunOptions extends Pick<SpawnOptions, 'uid' | 'gid' | 'cwd'> {
  /** What the CLI reads on stdin (a pipe ended after it); without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Send stdout to this file (for archive streams) instead of capturing it. */
  stdoutFile?: string;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, opts: CliSpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, opts: CliRunOptions = {}): Promise<CliResult> {
  const { input, stdoutFile, ...spawnOpts } = opts;
  const out = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'w');
  const child = startCli(args, env, { ...spawnOpts, stdio: [input === undefined ? 'ignore' : 'pipe', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);
  const result = cliResult(child);
  if (input !== undefined) {
    // A CLI that exits without reading its input must not fail the test with EPIPE.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input);
  }
  return result;
}

/** What a started CLI printed (its piped stdout and stderr) and how it ended. */
export function cliResult(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
