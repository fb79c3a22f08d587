// Pull of a ~150 MB (compressed), five-layer image from a local registry
// (Debian's docker-registry on loopback): tscontain against `podman pull` of
// the same image, each into a fresh store, median of several runs.
// Goal: <= 0.5x podman. Two images: text-like layers that compress like real
// images do, and incompressible ones (the worst case for hashing and I/O).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, registrySkipReason } from '../test/support/registry-server.js';
import { buildImage, bigLayer, busyboxLayer, textBytes, type BuiltImage } from '../test/support/image-builder.js';
import { pushImage } from '../test/support/registry-push.js';
import { makeTestEnv, CLI_ENTRY } from '../test/support/tscontain-cli.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_IMAGES=incompressible (comma-separated kinds) runs only those images. */
const ONLY = process.env.BENCH_IMAGES?.split(',').filter(Boolean);
/** BENCH_PODMAN=0 skips podman (when only our own before/after matters). */
const WITH_PODMAN = process.env.BENCH_PODMAN !== '0';

interface Timing {
  ms: number;
  /** CPU time (user + sys) of the command and the children it waited for; NaN without GNU time. */
  cpuMs: number;
}

const HAVE_TIME = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;

// Wall time is noisy on a shared machine; CPU time (GNU time's user + sys,
// which includes the helpers the command waited for) much less so.
function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timing {
  const argv = HAVE_TIME ? ['/usr/bin/time', '-f', 'CPU %U %S', cmd, ...args] : [cmd, ...args];
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  const cpu = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function images(): [string, BuiltImage][] {
  const seeds = ['a', 'b', 'c', 'd'];
  const text = buildImage({
    layers: [busyboxLayer(), ...seeds.map((seed) => [
      { name: `data-${seed}/`, type: 'dir' as const },
      { name: `data-${seed}/content.txt`, type: 'file' as const, body: textBytes(80_000_000, seed) },
    ])],
  });
  const random = buildImage({ layers: [busyboxLayer(), ...seeds.map((seed) => bigLayer(37_000_000, seed))] });
  return [['text-like', text], ['incompressible', random]];
}

function report(who: string, runs: Timing[]): void {
  console.log(`  ${who} runs: ${runs.map((t) => t.ms.toFixed(0)).join(' ')} ms wall; ${runs.map((t) => t.cpuMs.toFixed(0)).join(' ')} ms CPU`);
  console.log(`  ${who} median: ${median(runs.map((t) => t.ms)).toFixed(0)} ms wall, ${median(runs.map((t) => t.cpuMs)).toFixed(0)} ms CPU (user+sys)`);
}

async function timePulls(name: string): Promise<{ ours: number; podman: number | undefined }> {
  const ours: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    const env = await makeTestEnv();
    // BENCH_NODE_FLAGS: V8/Node flags to try (as bin/tscontain would pass them).
    const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    ours.push(timeCommand(process.execPath, [...flags, CLI_ENTRY, 'pull', '-q', name], env.env));
    await rm(env.root, { recursive: true, force: true });
  }
  report('tscontain', ours);
  const oursMs = median(ours.map((t) => t.ms));
  if (!WITH_PODMAN || spawnSync('podman', ['--version']).status !== 0) return { ours: oursMs, podman: undefined };
  const theirs: Timing[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-podman-'));
    const storage = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'overlay'];
    theirs.push(timeCommand('podman', [...storage, 'pull', '-q', '--tls-verify=false', name]));
    spawnSync('podman', [...storage, 'system', 'reset', '-f'], { stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true });
  }
  report('podman', theirs);
  return { ours: oursMs, podman: median(theirs.map((t) => t.ms)) };
}

async function main(): Promise<void> {
  const skip = registrySkipReason();
  if (skip) {
    console.log(`pull benchmark skipped: ${skip}`);
    return;
  }
  const registry = await startRegistry();
  try {
    for (const [kind, image] of images().filter(([kind]) => !ONLY || ONLY.includes(kind))) {
      const compressed = image.layers.reduce((sum, l) => sum + l.size, 0);
      const unpacked = image.layers.reduce((sum, l) => sum + l.uncompressed.length, 0);
      await pushImage(image, { registry: registry.host, repository: `bench/${kind}`, tags: ['latest'] });
      console.log(`${kind} image: ${image.layers.length} layers, ${(compressed / 1e6).toFixed(0)} MB compressed, ${(unpacked / 1e6).toFixed(0)} MB unpacked`);
      const { ours, podman } = await timePulls(`${registry.host}/bench/${kind}:latest`);
      console.log(`  tscontain pull: median ${ours.toFixed(0)} ms over ${RUNS} runs`);
      if (podman === undefined) {
        console.log(WITH_PODMAN ? '  podman pull: skipped, podman is not installed (apt-get install podman)' : '  podman pull: skipped (BENCH_PODMAN=0)');
        continue;
      }
      console.log(`  podman pull:    median ${podman.toFixed(0)} ms over ${RUNS} runs`);
      console.log(`  ratio tscontain/podman: ${(ours / podman).toFixed(2)} (goal <= 0.50)`);
    }
  } finally {
    await registry.stop();
  }
}

await main();
