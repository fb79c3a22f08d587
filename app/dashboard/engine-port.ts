// What the dashboard needs from the engine, and nothing more. The UI talks
// only to this port, so it never touches the kernel and tests can hand it a
// fake. `createEnginePort` (create-engine-port.ts) backs it with the engine.
import type { ImageRow } from '../../engine/images/list-images.js';
import type { PullEvent } from '../../engine/pull/pull-events.js';
import type { RunRequest } from './state/run-form.js';

export type { ImageRow, PullEvent };

/** `paused`: running with its cgroup frozen (pause); Docker's ps shows it as its own state too. */
export type ContainerRunState = 'created' | 'running' | 'paused' | 'exited';

export interface ContainerRow {
  id: string;
  name: string;
  /** The image as the user named it (alpine:latest), or a short ID. */
  image: string;
  state: ContainerRunState;
  /** Docker's STATUS text: "Up 5 minutes", "Exited (0) 2 hours ago". */
  status: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, undefined before the first start. */
  startedAt: string | undefined;
  /** Published ports as Docker prints them: "0.0.0.0:8080->80/tcp". */
  ports: string[];
}

export interface NetworkRow {
  id: string;
  name: string;
  driver: string;
  subnet: string;
  gateway: string;
  /** The host's bridge interface. */
  bridge: string;
  /** Names of the containers attached to it. */
  containers: string[];
  /** The pre-defined `bridge` network, which cannot be removed. */
  isDefault: boolean;
}

export interface VolumeRow {
  name: string;
  driver: string;
  mountpoint: string;
  /** ISO 8601. */
  createdAt: string;
  /** Bytes of its data, when known (measured at most every few seconds). */
  size: number | undefined;
  /** Names of the containers whose mounts name it (running or not, Docker's rule for "in use"). */
  containers: string[];
  anonymous: boolean;
}

/** A container attached to a network: its lease there. */
export interface NetworkEndpoint {
  container: string;
  running: boolean;
  /** The address leased to it (without the prefix length). */
  ipv4: string;
  aliases: string[];
}

/** What the networks view's detail pane shows of the selected network: its row's fields but the names, and more. */
export interface NetworkDetail extends Omit<NetworkRow, 'containers'> {
  /** ISO 8601. */
  created: string;
  /** Only when the engine records them. */
  internal: boolean | undefined;
  attachable: boolean | undefined;
  labels: Record<string, string>;
  endpoints: NetworkEndpoint[];
}

/** A container whose mounts name a volume, and where. */
export interface VolumeUser {
  container: string;
  target: string;
  readOnly: boolean;
}

/** The volumes view's detail pane; the size comes apart (volumeSize), since it walks the tree. */
export interface VolumeDetail extends Omit<VolumeRow, 'size' | 'containers'> {
  labels: Record<string, string>;
  users: VolumeUser[];
}

/** The images view's detail pane: the record and the image's config. */
export interface ImageDetail {
  id: string;
  /** Familiar names (alpine:latest). */
  tags: string[];
  /** ISO 8601, when the config says. */
  created: string | undefined;
  size: number;
  /** linux/amd64, linux/arm/v7. */
  platform: string;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  env: string[];
  /** "80/tcp". */
  exposedPorts: string[];
  layers: number;
  containers: string[];
}

export interface ContainerStats {
  /** 100 = one core fully busy. */
  cpuPercent: number;
  memUsed: number;
  /** 0 or undefined when unlimited. */
  memLimit: number | undefined;
  pids: number;
  netRx: number | undefined;
  netTx: number | undefined;
}

export type ContainerVerb = 'start' | 'stop' | 'restart' | 'kill' | 'remove' | 'pause' | 'unpause';

export interface LogLine {
  /** RFC 3339 with nanoseconds, as `logs -t` prints it. */
  time: string;
  stream: 'stdout' | 'stderr';
  /** Without the trailing newline. */
  text: string;
}

/** What the detail pane shows of a container beyond its row: a little of inspect, and its latest output. */
export interface ContainerDetail {
  id: string;
  /** The program and its arguments, as inspect's Path and Args. */
  command: string;
  /** "NETWORK IP" per network it is attached to ("NETWORK" alone while it has no address). */
  networks: string[];
  /** "SOURCE:TARGET[:ro]" per mount, Docker's -v spelling; tmpfs as "tmpfs:TARGET". */
  mounts: string[];
  /** The latest log lines, oldest first. */
  logLines: LogLine[];
}

export interface ShellCommand {
  file: string;
  args: string[];
}

/** Where and how to attach to a running container's own terminal. */
export interface AttachTarget {
  /** The container's directory holding attach.sock. */
  socketDir: string;
  /** Whether the container reads its stdin (docker run -i). */
  openStdin: boolean;
}

export interface EnginePort {
  listImages(): Promise<ImageRow[]>;
  removeImage(id: string, force: boolean): Promise<void>;
  pullImage(ref: string, onEvent: (event: PullEvent) => void, signal: AbortSignal): Promise<void>;

  listContainers(): Promise<ContainerRow[]>;
  /** Stats of the running containers among `ids`; others are left out. */
  stats(ids: readonly string[]): Promise<Map<string, ContainerStats>>;
  containerAction(verb: ContainerVerb, id: string): Promise<void>;
  /** The detail pane's data for one container, with its last `logLines` log lines; cheap when nothing changed. */
  containerDetail(id: string, logLines: number): Promise<ContainerDetail>;
  /**
   * The last `tail` lines of a container's log, then new lines as they come
   * (batched), until the container stops or `signal` aborts.
   */
  streamLogs(id: string, tail: number, onLines: (lines: LogLine[]) => void, signal: AbortSignal): Promise<void>;
  /** Writes a container's whole log to a new file `path` (never overwrites); the line count. */
  saveLogs(id: string, path: string, timestamps: boolean): Promise<number>;
  /** The command that opens a login shell in a running container. */
  execShellCommand(id: string): Promise<ShellCommand>;
  /** A running container with a terminal (run -t) to attach to; rejects with a clear error otherwise. */
  attachTarget(id: string): Promise<AttachTarget>;
  /** Creates and starts a container, detached; its name and the engine's warnings. */
  runContainer(request: RunRequest): Promise<{ name: string; warnings: string[] }>;

  listNetworks(): Promise<NetworkRow[]>;
  /** A bridge network on a free subnet; its name. */
  createNetwork(name: string): Promise<string>;
  /** Rejects while containers are attached (the engine's "in use" error). */
  removeNetwork(name: string): Promise<void>;
  /** Removes networks no container is attached to; their names. */
  pruneNetworks(): Promise<string[]>;

  /** With the sizes measured so far (volumeSize); listing never walks a volume's tree. */
  listVolumes(): Promise<VolumeRow[]>;
  /** An empty name makes an anonymous volume; its name. */
  createVolume(name: string): Promise<string>;
  /** Rejects while any container names it (the engine's "in use" error). */
  removeVolume(name: string): Promise<void>;
  /** Removes unused anonymous volumes (Docker's default prune); their names and the bytes freed. */
  pruneVolumes(): Promise<{ deleted: string[]; reclaimed: number }>;

  /** The detail panes' reads, for one object by its row key (a network or volume name, an image name or ID). */
  networkDetail(name: string): Promise<NetworkDetail>;
  volumeDetail(name: string): Promise<VolumeDetail>;
  /** Bytes of a volume's data: walks its tree, at most once per SIZE_TTL_MS per volume (cached). */
  volumeSize(name: string): Promise<number>;
  imageDetail(key: string): Promise<ImageDetail>;
}
