// `tscontain run --rm IMAGE true` against `podman run --rm IMAGE true` on the
// same busybox image from a local registry: median wall time of repeated
// runs, with each one's default network (a bridge and a veth for both:
// tscontain's `bridge`, podman's netavark) and with `--network none`.
// Goal: at most 0.35 of podman's time.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, registrySkipReason } from '../test/support/registry-server.js';
import { buildImage, busyboxLayer } from '../test/support/image-builder.js';
import { pushImage } from '../test/support/registry-push.js';
import { makeTestEnv, CLI_ENTRY } from '../test/support/tscontain-cli.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const GOAL = 0.35;

function timeRuns(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return times;
}

function hybridCgroups(): boolean {
  return existsSync('/sys/fs/cgroup/unified') && !existsSync('/sys/fs/cgroup/cgroup.controllers');
}

/** What bin/tscontain runs: the bundle unless a tsc build is newer than it. */
function launcherEntry(): string {
  const bundle = fileURLToPath(new URL('../bundle/app/main.js', import.meta.url));
  const buildInfo = fileURLToPath(new URL('../.tsbuildinfo', import.meta.url));
  if (!existsSync(bundle)) return CLI_ENTRY;
  return existsSync(buildInfo) && statSync(buildInfo).mtimeMs > statSync(bundle).mtimeMs ? CLI_ENTRY : bundle;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function line(label: string, ms: number): void {
  console.log(`${label.padEnd(40)} median ${ms.toFixed(1).padStart(6)} ms over ${RUNS} runs`);
}

async function main(): Promise<void> {
  const skip = registrySkipReason();
  if (skip) {
    console.log(`run benchmark skipped: ${skip}`);
    return;
  }
  const registry = await startRegistry();
  const podmanDir = await mkdtemp(join(tmpdir(), 'bench-podman-'));
  try {
    await pushImage(buildImage({ layers: [busyboxLayer()] }), { registry: registry.host, repository: 'bench/busybox', tags: ['latest'] });
    const name = `${registry.host}/bench/busybox:latest`;
    const env = await makeTestEnv();
    spawnSync(process.execPath, [CLI_ENTRY, 'pull', '-q', name], { env: env.env, stdio: 'ignore' });
    // The floor no tscontain change can go below: starting Node itself.
    const nodeOnly = median(timeRuns(process.execPath, ['-e', '0']));
    const entry = process.env.BENCH_ENTRY ?? launcherEntry();
    const version = median(timeRuns(process.execPath, [entry, '--version'], env.env));
    const ours = median(timeRuns(process.execPath, [entry, 'run', '--rm', name, 'true'], env.env));
    const oursNone = median(timeRuns(process.execPath, [entry, 'run', '--rm', '--network', 'none', name, 'true'], env.env));
    console.log(`entry: ${entry}`);
    line('node -e 0', nodeOnly);
    line('tscontain --version', version);
    line('tscontain run --rm true', ours);
    line('tscontain run --rm --network none true', oursNone);
    await rm(env.root, { recursive: true, force: true });

    if (spawnSync('podman', ['--version']).status !== 0) {
      console.log('podman run: skipped, podman is not installed (apt-get install podman)');
      return;
    }
    const storage = ['--root', join(podmanDir, 'root'), '--runroot', join(podmanDir, 'run'), '--storage-driver', 'overlay'];
    const pulled = spawnSync('podman', [...storage, 'pull', '-q', '--tls-verify=false', name], { encoding: 'utf8' });
    if (pulled.status !== 0) throw new Error(`podman pull failed: ${pulled.stderr}`);
    // On a cgroup v1 hybrid host podman's default crun refuses to start and
    // the default RLIMIT_NOFILE is above the hard limit, hence runc, cgroupfs
    // and explicit ulimits.
    const runArgs = (net: string[]) => ['--cgroup-manager', 'cgroupfs', ...(hybridCgroups() ? ['--runtime', 'runc'] : []), 'run', '--rm',
      ...net, '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', name, 'true'];
    const theirs = median(timeRuns('podman', [...storage, ...runArgs([])]));
    const theirsNone = median(timeRuns('podman', [...storage, ...runArgs(['--network', 'none'])]));
    line('podman run --rm true', theirs);
    line('podman run --rm --network none true', theirsNone);
    console.log(`ratio, default networks: ${(ours / theirs).toFixed(2)} (goal <= ${GOAL}, i.e. ${(GOAL * theirs).toFixed(1)} ms)`);
    console.log(`ratio, --network none:   ${(oursNone / theirsNone).toFixed(2)} (goal <= ${GOAL}, i.e. ${(GOAL * theirsNone).toFixed(1)} ms)`);
    console.log(`node start alone is ${(nodeOnly / theirs).toFixed(2)} of podman's default time, ${(nodeOnly / theirsNone).toFixed(2)} of --network none`);
  } finally {
    spawnSync('podman', ['--root', join(podmanDir, 'root'), '--runroot', join(podmanDir, 'run'), '--storage-driver', 'overlay', 'system', 'reset', '-f'], { stdio: 'ignore' });
    await rm(podmanDir, { recursive: true, force: true });
    await registry.stop();
  }
}

await main();
