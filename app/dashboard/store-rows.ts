// Networks, volumes and published ports as the dashboard's rows, read from
// the store without locks or helper calls: the refresh runs every second and
// must never change anything or wait for a running `tscontain`.
import type { ContainerRecord } from '../../engine/containers/record.js';
import { listNetworksSync, portsColumn } from '../../engine/network/inspect-settings.js';
import { volumeUsers } from '../../engine/volumes/volume-ops.js';
import { ANONYMOUS_LABEL, listVolumes, treeBytes, volumeDataDir } from '../../engine/volumes/volume-store.js';
import type { StoreLayout } from '../../engine/store/layout.js';
import type { NetworkRow, VolumeRow } from './engine-port.js';

export function networkRows(layout: StoreLayout, records: readonly ContainerRecord[]): NetworkRow[] {
  const names = new Map(records.map((r) => [r.config.id, r.config.name]));
  return listNetworksSync(layout)
    .sort((a, b) => (a.isDefault === b.isDefault ? a.created.localeCompare(b.created) : a.isDefault ? -1 : 1))
    .map((n) => ({
      id: n.id, name: n.name, driver: n.driver, subnet: n.subnet, gateway: n.gateway, bridge: n.bridge, isDefault: n.isDefault,
      // A lease whose container is gone is swept by the next sync; it attaches nothing.
      containers: Object.keys(n.endpoints).flatMap((id) => names.get(id) ?? []),
    }));
}

/** How long a volume's measured size is shown before it is measured again. */
export const SIZE_TTL_MS = 10_000;

/**
 * Volume sizes, measured (a walk of the volume's tree) at most every
 * SIZE_TTL_MS: the dashboard measures only the selected volume (`one`), and
 * its listing shows the last figures known (`get` without `measure`).
 * Entries of removed volumes go.
 */
export class VolumeSizes {
  private readonly sizes = new Map<string, { bytes: number; at: number }>();
  /** Walks under way: asking again for the same volume waits for the same walk. */
  private readonly walking = new Map<string, Promise<number>>();

  /** One volume's size: the cached figure within SIZE_TTL_MS, else a fresh walk of its tree. */
  async one(layout: StoreLayout, name: string, now = Date.now()): Promise<number> {
    const entry = this.sizes.get(name);
    if (entry && now - entry.at < SIZE_TTL_MS) return entry.bytes;
    let walk = this.walking.get(name);
    if (!walk) {
      walk = treeBytes(volumeDataDir(layout, name)).finally(() => this.walking.delete(name));
      this.walking.set(name, walk);
    }
    const bytes = await walk;
    this.sizes.set(name, { bytes, at: now });
    return bytes;
  }

  async get(layout: StoreLayout, names: readonly string[], measure: boolean, now = Date.now()): Promise<Map<string, number>> {
    const live = new Set(names);
    for (const name of this.sizes.keys()) if (!live.has(name)) this.sizes.delete(name);
    const out = new Map<string, number>();
    for (const name of names) {
      const bytes = measure ? await this.one(layout, name, now) : this.sizes.get(name)?.bytes;
      if (bytes !== undefined) out.set(name, bytes);
    }
    return out;
  }
}

export async function volumeRows(
  layout: StoreLayout, records: readonly ContainerRecord[], sizes: VolumeSizes, measure: boolean,
): Promise<VolumeRow[]> {
  const volumes = await listVolumes(layout);
  const users = volumeUsers(records);
  const names = new Map(records.map((r) => [r.config.id, r.config.name]));
  const measured = await sizes.get(layout, volumes.map((v) => v.Name), measure);
  return volumes.map((v) => ({
    name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, createdAt: v.CreatedAt,
    size: measured.get(v.Name),
    containers: (users.get(v.Name) ?? []).map((id) => names.get(id) ?? id.slice(0, 12)),
    anonymous: ANONYMOUS_LABEL in v.Labels,
  }));
}

/**
 * Docker's PORTS text of each running container, read once per start: the
 * ports file is written before the container runs and not changed while it
 * does, so it is keyed by the start time and re-read only after a restart.
 */
export class PortsCache {
  private readonly ports = new Map<string, { stamp: string; ports: string[] }>();

  of(layout: StoreLayout, record: ContainerRecord): string[] {
    if (record.state.status !== 'running') {
      this.ports.delete(record.config.id);
      return [];
    }
    const stamp = `${record.state.startedAt} ${record.state.pid}`;
    const cached = this.ports.get(record.config.id);
    if (cached?.stamp === stamp) return cached.ports;
    const text = portsColumn(layout, record);
    const ports = text ? text.split(', ') : [];
    this.ports.set(record.config.id, { stamp, ports });
    return ports;
  }

  /** Forgets containers that are gone. */
  keep(ids: ReadonlySet<string>): void {
    for (const id of this.ports.keys()) if (!ids.has(id)) this.ports.delete(id);
  }
}
