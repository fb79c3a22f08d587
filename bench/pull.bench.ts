// Pull of a ~150 MB, five-layer image from a local registry (Debian's
// docker-registry on loopback): tscontain against `podman pull` of the same
// image, each into a fresh store, median of several runs. Goal: <= 0.5x podman.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, registrySkipReason } from '../test/support/registry-server.js';
import { buildImage, bigLayer, busyboxLayer } from '../test/support/image-builder.js';
import { pushImage } from '../test/support/registry-push.js';
import { makeTestEnv, CLI_ENTRY } from '../test/support/tscontain-cli.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const skip = registrySkipReason();
  if (skip) {
    console.log(`pull benchmark skipped: ${skip}`);
    return;
  }
  const image = buildImage({
    layers: [busyboxLayer(), ...['a', 'b', 'c', 'd'].map((seed) => bigLayer(37_000_000, seed))],
    compression: 'gzip',
  });
  const total = image.layers.reduce((sum, l) => sum + l.size, 0);
  const registry = await startRegistry();
  try {
    await pushImage(image, { registry: registry.host, repository: 'bench/big', tags: ['latest'] });
    const name = `${registry.host}/bench/big:latest`;
    console.log(`image: ${image.layers.length} layers, ${(total / 1e6).toFixed(1)} MB compressed`);

    const ours: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const env = await makeTestEnv();
      ours.push(timeCommand(process.execPath, [CLI_ENTRY, 'pull', '-q', name], env.env));
      await rm(env.root, { recursive: true, force: true });
    }
    const tscontain = median(ours);
    console.log(`tscontain pull: median ${tscontain.toFixed(0)} ms over ${RUNS} runs (${(total / 1e6 / (tscontain / 1000)).toFixed(0)} MB/s)`);

    const podman = spawnSync('podman', ['--version'], { encoding: 'utf8' });
    if (podman.status !== 0) {
      console.log('podman pull: skipped, podman is not installed (apt-get install podman)');
      return;
    }
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'bench-podman-'));
      theirs.push(timeCommand('podman', ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'overlay',
        'pull', '-q', '--tls-verify=false', name]));
      spawnSync('podman', ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'overlay', 'system', 'reset', '-f'], { stdio: 'ignore' });
      await rm(dir, { recursive: true, force: true });
    }
    const podmanMs = median(theirs);
    console.log(`podman pull:    median ${podmanMs.toFixed(0)} ms over ${RUNS} runs`);
    console.log(`ratio tscontain/podman: ${(tscontain / podmanMs).toFixed(2)} (goal <= 0.50)`);
  } finally {
    await registry.stop();
  }
}

await main();
