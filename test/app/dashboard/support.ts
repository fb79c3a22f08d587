// Shared helpers for the dashboard tests: a Key builder, a fake EnginePort
// that records calls, and polling for a frame instead of sleeping.
import type { Key } from 'ink';
import type {
  ContainerRow, ContainerStats, EnginePort, ImageDetail, ImageRow, NetworkDetail, NetworkRow, VolumeDetail, VolumeRow,
} from '../../../app/dashboard/engine-port.js';

export function key(partial: Partial<Key> = {}): Key {
  return {
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
    home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
    backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
    ...partial,
  };
}

export function container(name: string, state: ContainerRow['state'] = 'running', extra: Partial<ContainerRow> = {}): ContainerRow {
  const id = Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64);
  return {
    id, name, image: 'alpine:latest', state, status: state === 'running' ? 'Up 5 minutes' : 'Exited (0) 1 minute ago',
    createdAt: '2024-01-01T00:00:00Z', startedAt: '2024-01-01T00:00:01Z', ports: [], ...extra,
  };
}

export function image(repository: string, tag = 'latest', extra: Partial<ImageRow> = {}): ImageRow {
  const id = `sha256:${Buffer.from(repository).toString('hex').padEnd(64, 'a').slice(0, 64)}`;
  return { id, repository, tag, digest: '<none>', created: '2024-01-01T00:00:00Z', size: 7_800_000, containers: [], ...extra };
}

export function network(name: string, extra: Partial<NetworkRow> = {}): NetworkRow {
  return {
    id: Buffer.from(name).toString('hex').padEnd(64, 'b').slice(0, 64), name, driver: 'bridge', subnet: '172.18.0.0/16',
    gateway: '172.18.0.1', bridge: `br-${name.slice(0, 12)}`, containers: [], isDefault: false, ...extra,
  };
}

export function volume(name: string, extra: Partial<VolumeRow> = {}): VolumeRow {
  return {
    name, driver: 'local', mountpoint: `/var/lib/tscontain/volumes/${name}/_data`, createdAt: '2024-01-01T00:00:00Z',
    size: 4096, containers: [], anonymous: false, ...extra,
  };
}

export function stat(cpuPercent: number, memUsed = 10 << 20): ContainerStats {
  return { cpuPercent, memUsed, memLimit: 1 << 30, pids: 3, netRx: 1000, netTx: 2000 };
}

export interface FakePort extends EnginePort {
  calls: string[];
  containers: ContainerRow[];
  images: ImageRow[];
  networks: NetworkRow[];
  volumes: VolumeRow[];
}

export function fakePort(overrides: Partial<EnginePort> = {}): FakePort {
  const port: FakePort = {
    calls: [],
    containers: [],
    images: [],
    networks: [],
    volumes: [],
    async listImages() { return port.images; },
    async removeImage(id, force) { port.calls.push(`rmi ${id} ${force}`); },
    async pullImage(ref) { port.calls.push(`pull ${ref}`); },
    async listContainers() { return port.containers; },
    async stats(ids) { return new Map(ids.map((id) => [id, stat(12.5)])); },
    async containerAction(verb, id) { port.calls.push(`${verb} ${id.slice(0, 8)}`); },
    async containerDetail(id) {
      return {
        id, command: `sh -c 'serve ${id.slice(0, 4)}'`, networks: ['bridge 10.88.0.2'], mounts: ['data:/data'],
        logLines: [{ time: '2024-01-01T00:00:00.000000000Z', stream: 'stdout', text: `latest of ${id.slice(0, 8)}` }],
      };
    },
    async streamLogs(id, _tail, onLines) { onLines([{ time: '2024-01-01T00:00:00.000000000Z', stream: 'stdout', text: `log of ${id.slice(0, 8)}` }]); },
    async saveLogs(id, path) { port.calls.push(`save ${id.slice(0, 8)} ${path}`); return 1; },
    async execShellCommand() { return { file: '/bin/true', args: [] }; },
    async runContainer(request) { port.calls.push(`run ${request.image} ${request.command.join(' ')}`); return { name: request.name ?? 'new', warnings: [] }; },
    async attachTarget(id) { port.calls.push(`attach ${id.slice(0, 8)}`); throw new Error('no terminal in the fake'); },
    async listNetworks() { return port.networks; },
    async createNetwork(name) { port.calls.push(`network create ${name}`); return name; },
    async removeNetwork(name) { port.calls.push(`network rm ${name}`); },
    async pruneNetworks() { port.calls.push('network prune'); return []; },
    async listVolumes() { return port.volumes; },
    async createVolume(name) { port.calls.push(`volume create ${name}`); return name || 'a'.repeat(64); },
    async removeVolume(name) { port.calls.push(`volume rm ${name}`); },
    async pruneVolumes() { port.calls.push('volume prune'); return { deleted: ['old'], reclaimed: 2048 }; },
    async networkDetail(name) { return networkDetailOf(port.networks, name); },
    async volumeDetail(name) { return volumeDetailOf(port.volumes, name); },
    async volumeSize(name) { port.calls.push(`volume size ${name}`); return port.volumes.find((v) => v.name === name)?.size ?? 0; },
    async imageDetail(key) { return imageDetailOf(port.images, key); },
    ...overrides,
  };
  return port;
}

/** The fake port's details follow its rows: container n of a network has address .n+2. */
export function networkDetailOf(rows: readonly NetworkRow[], name: string): NetworkDetail {
  const r = rows.find((n) => n.name === name);
  if (!r) throw new Error(`network ${name} not found`);
  const base = r.subnet.replace(/\.0\/\d+$/, '');
  return {
    id: r.id, name: r.name, driver: r.driver, subnet: r.subnet, gateway: r.gateway, bridge: r.bridge, created: '2024-01-01T00:00:00Z',
    isDefault: r.isDefault, internal: undefined, attachable: undefined, labels: {},
    endpoints: r.containers.map((c, i) => ({ container: c, running: true, ipv4: `${base}.${i + 2}`, aliases: [] })),
  };
}

export function volumeDetailOf(rows: readonly VolumeRow[], name: string): VolumeDetail {
  const r = rows.find((v) => v.name === name);
  if (!r) throw new Error(`volume ${name} not found`);
  return {
    name: r.name, driver: r.driver, mountpoint: r.mountpoint, createdAt: r.createdAt, labels: {}, anonymous: r.anonymous,
    users: r.containers.map((c) => ({ container: c, target: '/data', readOnly: false })),
  };
}

export function imageDetailOf(rows: readonly ImageRow[], key: string): ImageDetail {
  const r = rows.find((i) => `${i.repository}:${i.tag}` === key || i.id === key);
  if (!r) throw new Error(`image ${key} not found`);
  return {
    id: r.id, tags: rows.filter((i) => i.id === r.id && i.tag !== '<none>').map((i) => `${i.repository}:${i.tag}`), created: r.created,
    size: r.size, platform: 'linux/amd64', entrypoint: [], cmd: ['/bin/sh'], workingDir: '', user: '',
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], exposedPorts: [], layers: 1, containers: r.containers,
  };
}

/** Polls `lastFrame` until `predicate` holds; fails with the last frame after `timeoutMs`. */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; last frame:\n${frame}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
