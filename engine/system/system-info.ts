// `info`: what this host and store are, gathered in one typed object (the
// CLI formats it). Reads only: containers are reconciled as `ps` does, and
// nothing is created, not even the store.
import { statfs } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { HostConfig } from '../config.js';
import { detectCgroups } from '../cgroups/detect.js';
import { loadContainers } from '../containers/lookup.js';
import { listImages } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';
import { listVolumes } from '../volumes/volume-store.js';
import { listNetworks } from '../network/records.js';

export interface SystemInfo {
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Volumes: number;
  Networks: number;
  Driver: 'overlay';
  DriverStatus: [string, string][];
  /** statfs name of the filesystem holding the store, as Docker names it (extfs, xfs, ...). */
  BackingFilesystem: string;
  CgroupDriver: 'cgroupfs';
  CgroupVersion: '1' | '2' | '';
  KernelVersion: string;
  OperatingSystem: string;
  OSType: 'linux';
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  Name: string;
  RootDir: string;
  DefaultNetwork: { Name: 'bridge'; Bridge: string; Gateway: string };
  RegistryConfig: { Mirrors: string[]; InsecureRegistries: string[]; MaxConcurrentDownloads: number };
  ConfigFile: string;
  Warnings: string[];
}

/** Docker's names for statfs f_type magics (daemon/graphdriver FsNames). */
const FS_NAMES: Record<number, string> = {
  0xef53: 'extfs', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x01021994: 'tmpfs', 0x794c7630: 'overlayfs',
  0x2fc12fc1: 'zfs', 0x6969: 'nfs', 0x65735546: 'fuse', 0x73717368: 'squashfs', 0xf15f: 'ecryptfs',
  0x5346544e: 'ntfs', 0xff534d42: 'cifs',
};

export function filesystemName(magic: number): string {
  return FS_NAMES[magic >>> 0] ?? `unknown (0x${(magic >>> 0).toString(16)})`;
}

/** The filesystem of PATH, or of its nearest existing parent (a store not made yet). */
export async function backingFilesystem(path: string): Promise<string> {
  for (let p = path; ; p = dirname(p)) {
    const st = await statfs(p).catch(() => undefined);
    if (st) return filesystemName(st.type);
    if (p === dirname(p)) return 'unknown';
  }
}

/** PRETTY_NAME of os-release(5). */
export function prettyOsName(text: string): string {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  return m ? m[1]!.trim().replace(/^(["'])(.*)\1$/, '$2') : 'Linux';
}

/** Architecture as `uname -m` prints it, which Docker's info shows. */
export function unameMachine(nodeArch: string = arch()): string {
  const map: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[nodeArch] ?? nodeArch;
}

export interface InfoOptions {
  /** For tests: a fake cgroup root and mount table. */
  cgroupRoot?: string;
  mountinfoPath?: string;
}

export async function systemInfo(layout: StoreLayout, config: HostConfig, opts: InfoOptions = {}): Promise<SystemInfo> {
  const warnings: string[] = [];
  const [containers, images, volumes, networks, backing, osRelease] = await Promise.all([
    loadContainers(layout),
    listImages(layout),
    listVolumes(layout).catch(() => []),
    listNetworks(layout).catch(() => []),
    backingFilesystem(layout.root),
    readFile('/etc/os-release', 'utf8').catch(() => readFile('/usr/lib/os-release', 'utf8')).catch(() => ''),
  ]);
  let cgroupVersion: SystemInfo['CgroupVersion'] = '';
  try {
    cgroupVersion = String(detectCgroups(opts.cgroupRoot, { mountinfoPath: opts.mountinfoPath }).version) as '1' | '2';
  } catch (err) {
    warnings.push(`WARNING: ${(err as Error).message}`);
  }
  const paused = containers.filter((c) => c.state.status === 'running' && c.state.paused).length;
  const running = containers.filter((c) => c.state.status === 'running').length - paused;
  return {
    Containers: containers.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: containers.length - running - paused,
    Images: images.length,
    Volumes: volumes.length,
    // The default bridge is implicit until first used; it always exists for `network ls`.
    Networks: networks.some((n) => n.isDefault) ? networks.length : networks.length + 1,
    Driver: 'overlay',
    DriverStatus: [['Backing Filesystem', backing], ['Supports d_type', 'true']],
    BackingFilesystem: backing,
    CgroupDriver: 'cgroupfs',
    CgroupVersion: cgroupVersion,
    KernelVersion: release(),
    OperatingSystem: prettyOsName(osRelease),
    OSType: 'linux',
    Architecture: unameMachine(),
    NCPU: cpus().length,
    MemTotal: totalmem(),
    Name: hostname(),
    RootDir: layout.root,
    DefaultNetwork: { Name: 'bridge', Bridge: config.network.bridge, Gateway: config.network.bip },
    RegistryConfig: {
      Mirrors: config.registryMirrors,
      InsecureRegistries: config.insecureRegistries,
      MaxConcurrentDownloads: config.maxConcurrentDownloads,
    },
    ConfigFile: config.file,
    Warnings: warnings,
  };
}
