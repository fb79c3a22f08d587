// A container's mounts, decided once at create (under the store lock) and
// recorded in its config: the flags, then --volumes-from, then the image's
// Volumes as anonymous volumes, each target once. Named volumes are created
// on first use. At start they become the helper's --bind/--tmpfs arguments;
// inspect shows them in Docker's `Mounts` shape.
import { mkdir, stat } from 'node:fs/promises';
import { ContainerError, UsageError, fromSystemError } from '../errors.js';
import type { StoreLayout } from '../store/layout.js';
import type { ContainerRecord } from '../containers/record.js';
import { matchContainer } from '../containers/lookup.js';
import { parseMountFlags, parseVolumesFrom, type MountFlags, type MountSpec } from './mount-spec.js';
import { ANONYMOUS_LABEL, anonymousVolumeName, ensureVolume, volumeDataDir } from './volume-store.js';

export const NO_MOUNTS: MountFlags = { volumes: [], mounts: [], tmpfs: [], volumesFrom: [] };

async function checkBindSource(m: MountSpec): Promise<void> {
  try {
    await stat(m.source);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fromSystemError(err, `bind source ${m.source}`);
  }
  if (!m.createSource) {
    throw new UsageError(`invalid mount config for type "bind": bind source path does not exist: ${m.source}`, {
      hint: 'create it first, or use -v, which creates a missing directory',
    });
  }
  try {
    await mkdir(m.source, { recursive: true, mode: 0o755 });
  } catch (err) {
    throw fromSystemError(err, `creating bind source ${m.source}`);
  }
}

function fromOtherContainers(specs: string[], records: readonly ContainerRecord[]): MountSpec[] {
  const out: MountSpec[] = [];
  for (const spec of specs) {
    const { container, mode } = parseVolumesFrom(spec);
    let source: ContainerRecord;
    try {
      source = matchContainer(records, container);
    } catch (err) {
      throw new ContainerError('CONTAINER_NOT_FOUND', `--volumes-from: No such container: ${container}`, { cause: err });
    }
    // Docker copies volumes and binds; a tmpfs belongs to its own container.
    for (const m of source.config.mounts ?? []) {
      if (m.type === 'tmpfs') continue;
      out.push({ ...m, readOnly: mode === undefined ? m.readOnly : mode === 'ro', origin: 'volumes-from' });
    }
  }
  return out;
}

/**
 * Everything is checked before anything is made, then volumes are created.
 * Call with the store lock held (volume rm checks usage under it).
 */
export async function resolveMounts(
  layout: StoreLayout,
  flags: MountFlags,
  imageVolumes: Record<string, unknown> | undefined,
  records: readonly ContainerRecord[],
  /** The --rm container these anonymous volumes go with. */
  removeWith?: string,
): Promise<MountSpec[]> {
  const explicit = parseMountFlags(flags);
  const mounts = [...explicit];
  const taken = new Set(explicit.map((m) => m.target));
  for (const m of fromOtherContainers(flags.volumesFrom, records)) {
    if (taken.has(m.target)) continue;
    taken.add(m.target);
    mounts.push(m);
  }
  for (const target of Object.keys(imageVolumes ?? {})) {
    const clean = target.replace(/(.)\/+$/, '$1');
    if (!clean.startsWith('/') || taken.has(clean) || /^\/(proc|sys)(\/|$)/.test(clean) || clean === '/') continue;
    taken.add(clean);
    mounts.push({ type: 'volume', source: '', target: clean, readOnly: false, origin: 'image' });
  }
  for (const m of mounts) if (m.type === 'bind') await checkBindSource(m);
  for (const m of mounts) {
    if (m.type !== 'volume') continue;
    if (m.source === '') {
      m.source = anonymousVolumeName();
      await ensureVolume(layout, m.source, { [ANONYMOUS_LABEL]: '' }, removeWith);
    } else await ensureVolume(layout, m.source, m.labels ?? {});
    delete m.labels;
  }
  return mounts;
}

/** The helper's arguments, parents before children (Docker sorts by depth too). */
export async function helperMountArgs(layout: StoreLayout, mounts: readonly MountSpec[] | undefined): Promise<string[]> {
  const depth = (t: string) => t.split('/').filter(Boolean).length;
  const sorted = [...(mounts ?? [])].sort((a, b) => depth(a.target) - depth(b.target));
  const args: string[] = [];
  for (const m of sorted) {
    const mode = m.readOnly ? 'ro' : 'rw';
    if (m.type === 'tmpfs') {
      args.push('--tmpfs', m.target, [m.readOnly ? 'ro' : '', m.tmpfsOptions ?? ''].filter(Boolean).join(','));
    } else if (m.type === 'bind') {
      args.push('--bind', m.source, m.target, mode);
    } else {
      // Removed by hand since create: Docker would fail; making it again is kinder and safe.
      await ensureVolume(layout, m.source);
      args.push('--bind', volumeDataDir(layout, m.source), m.target, mode);
    }
  }
  return args;
}

/** Docker's `Mounts` entries of `inspect`. */
export function inspectMounts(layout: StoreLayout, mounts: readonly MountSpec[] | undefined): Record<string, unknown>[] {
  return (mounts ?? []).map((m) => {
    if (m.type === 'bind') {
      return { Type: 'bind', Source: m.source, Destination: m.target, Mode: m.origin === 'volume-flag' ? (m.readOnly ? 'ro' : '') : '', RW: !m.readOnly, Propagation: 'rprivate' };
    }
    if (m.type === 'volume') {
      return {
        Type: 'volume', Name: m.source, Source: volumeDataDir(layout, m.source), Destination: m.target,
        Driver: 'local', Mode: m.origin === 'volume-flag' || m.origin === 'image' ? 'z' : '', RW: !m.readOnly, Propagation: '',
      };
    }
    return { Type: 'tmpfs', Source: '', Destination: m.target, Mode: '', RW: !m.readOnly, Propagation: '' };
  });
}

/** Docker's HostConfig.Tmpfs: target -> options, for --tmpfs mounts. */
export function inspectTmpfs(mounts: readonly MountSpec[] | undefined): Record<string, string> | null {
  const entries = (mounts ?? []).filter((m) => m.origin === 'tmpfs-flag');
  if (!entries.length) return null;
  return Object.fromEntries(entries.map((m) => [m.target, [m.readOnly ? 'ro' : '', m.tmpfsOptions ?? ''].filter(Boolean).join(',')]));
}
