// What the detail panes show of one network, volume or image, read through
// the engine's store functions without locks or helper calls (like
// store-rows.ts): a pane is read when the selection moves and must never
// change anything or wait for a running `tscontain`.
import type { ContainerRecord } from '../../engine/containers/record.js';
import { listNetworks, matchNetwork, type NetworkRecord } from '../../engine/network/records.js';
import { ANONYMOUS_LABEL, getVolume } from '../../engine/volumes/volume-store.js';
import { findImage } from '../../engine/images/find-image.js';
import { readImageConfig } from '../../engine/images/inspect-image.js';
import { familiarNameOf } from '../../engine/images/names.js';
import { namesOf, readNames } from '../../engine/store/images.js';
import type { ContainerDefaults } from '../../engine/registry/image-config.js';
import type { StoreLayout } from '../../engine/store/layout.js';
import type { ImageDetail, NetworkDetail, VolumeDetail } from './engine-port.js';

/** Fields a network record may carry when the engine records them (today it does not). */
type RecordWithFlags = NetworkRecord & { internal?: unknown; attachable?: unknown; labels?: unknown };

export async function networkDetail(layout: StoreLayout, records: readonly ContainerRecord[], name: string): Promise<NetworkDetail> {
  const n = matchNetwork(await listNetworks(layout), name) as RecordWithFlags;
  const byId = new Map(records.map((r) => [r.config.id, r]));
  const endpoints = Object.entries(n.endpoints)
    // A lease whose container is gone is swept by the next sync; it attaches nothing.
    .flatMap(([id, e]) => {
      const r = byId.get(id);
      return r ? [{ container: r.config.name, running: r.state.status === 'running', ipv4: e.ip, aliases: e.aliases ?? [] }] : [];
    })
    .sort((a, b) => a.container.localeCompare(b.container));
  return {
    id: n.id, name: n.name, driver: n.driver, subnet: n.subnet, gateway: n.gateway, bridge: n.bridge, created: n.created,
    isDefault: n.isDefault,
    internal: typeof n.internal === 'boolean' ? n.internal : undefined,
    attachable: typeof n.attachable === 'boolean' ? n.attachable : undefined,
    labels: stringRecord(n.labels),
    endpoints,
  };
}

export async function volumeDetail(layout: StoreLayout, records: readonly ContainerRecord[], name: string): Promise<VolumeDetail> {
  const v = await getVolume(layout, name);
  const users = records.flatMap(({ config }) => (config.mounts ?? [])
    .filter((m) => m.type === 'volume' && m.source === name)
    .map((m) => ({ container: config.name, target: m.target, readOnly: m.readOnly })))
    .sort((a, b) => a.container.localeCompare(b.container) || a.target.localeCompare(b.target));
  return {
    name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, createdAt: v.CreatedAt, labels: stringRecord(v.Labels),
    anonymous: ANONYMOUS_LABEL in v.Labels, users,
  };
}

/** `key`: what the images table keys a row by, a name (alpine:latest) or an image ID. */
export async function imageDetail(layout: StoreLayout, records: readonly ContainerRecord[], key: string): Promise<ImageDetail> {
  const names = await readNames(layout);
  const { record } = await findImage(layout, key, names);
  const file = await readImageConfig(layout, record);
  const config = (file.config ?? {}) as ContainerDefaults;
  return {
    id: record.id,
    tags: namesOf(names, record.id).map(familiarNameOf),
    created: record.created ?? file.created,
    size: record.size,
    platform: [record.os, record.architecture, record.variant].filter(Boolean).join('/'),
    entrypoint: strings(config.Entrypoint),
    cmd: strings(config.Cmd),
    workingDir: typeof config.WorkingDir === 'string' ? config.WorkingDir : '',
    user: typeof config.User === 'string' ? config.User : '',
    env: strings(config.Env),
    exposedPorts: config.ExposedPorts && typeof config.ExposedPorts === 'object' ? Object.keys(config.ExposedPorts).sort() : [],
    layers: record.layers.length,
    containers: records.filter((r) => r.config.image === record.id).map((r) => r.config.name).sort(),
  };
}

/** An image config is hostile input: only strings are shown. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
