// `create`: resolve the image, merge its config with the flags, check the
// user and the limits, then (under the store lock, so two creates cannot take
// one name) pick an ID and a name and write the records.
import { hostname } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { ContainerError, fromSystemError } from '../errors.js';
import { findImage } from '../images/find-image.js';
import { checkCapabilities } from './capabilities.js';
import { readImageConfig } from '../images/inspect-image.js';
import { parseLimits, type LimitFlags } from '../cgroups/parse-limits.js';
import type { ContainerDefaults } from '../registry/image-config.js';
import { withStoreLock } from '../store/lock.js';
import type { StoreLayout } from '../store/layout.js';
import { writeEtcFiles } from './etc-files.js';
import { attachAtCreate } from '../network/endpoints.js';
import type { PortSpec } from '../network/ports.js';
import { rm } from 'node:fs/promises';
import { readAllRecords } from './lookup.js';
import { checkContainerName, generateName } from './names.js';
import { ContainerPaths, initialState, writeConfig, writeState, type ContainerConfig, type ContainerRecord } from './record.js';
import { mergeSpec, type SpecFlags } from './spec.js';
import { resolveUser } from './user.js';
import { imageFileLayers } from './file-layers.js';
import { parseUlimits } from './ulimits.js';
import type { MountFlags } from '../volumes/mount-spec.js';
import { NO_MOUNTS, resolveMounts } from '../volumes/resolve-mounts.js';
import { exposedPortsOf, parseExtras, stopSignalOf, type ExtraFlags } from './run-extras.js';
import { claimCidFile } from './cidfile.js';

export interface CreateOptions extends SpecFlags {
  image: string;
  name?: string | undefined;
  hostname?: string | undefined;
  tty: boolean;
  openStdin: boolean;
  init: boolean;
  readOnly: boolean;
  privileged: boolean;
  capAdd: string[];
  capDrop: string[];
  limits: LimitFlags;
  autoRemove: boolean;
  /** Docker's default: the default bridge network, no ports. */
  network?: { mode: string; ports: PortSpec[]; publishAll: boolean; extraHosts: string[]; dns: string[]; ip?: string | undefined; aliases?: string[] };
  /** --ulimit NAME=SOFT[:HARD] flags. */
  ulimits?: string[];
  /** -v, --mount, --tmpfs, --volumes-from as given. */
  mounts?: MountFlags;
  /** --label, --stop-signal, --device... (run-extras.ts). */
  extras?: ExtraFlags;
  /** --cidfile: must not exist; the ID is written there once created. */
  cidFile?: string | undefined;
  signal?: AbortSignal;
}

export interface CreateResult {
  record: ContainerRecord;
  warnings: string[];
}

export async function createContainer(layout: StoreLayout, opts: CreateOptions): Promise<CreateResult> {
  if (opts.cidFile === undefined) return createUnclaimed(layout, opts);
  // As Docker: the file is claimed first, so a path that cannot be written creates nothing.
  const cidFile = await claimCidFile(opts.cidFile);
  let result: CreateResult;
  try {
    result = await createUnclaimed(layout, { ...opts, cidFile: undefined });
  } catch (err) {
    await cidFile.abandon();
    throw err;
  }
  await cidFile.write(result.record.config.id);
  return result;
}

async function createUnclaimed(layout: StoreLayout, opts: CreateOptions): Promise<CreateResult> {
  const name = opts.name === undefined ? undefined : checkContainerName(opts.name);
  checkCapabilities(opts.capAdd, opts.capDrop);
  const { limits, warnings } = parseLimits(opts.limits);
  const ulimits = parseUlimits(opts.ulimits ?? []);
  const { record: image } = await findImage(layout, opts.image);
  const imageConfig = ((await readImageConfig(layout, image)).config ?? {}) as ContainerDefaults;
  const spec = mergeSpec(imageConfig, opts);
  const extras = parseExtras(opts.extras, imageConfig, opts.network?.mode);
  const layers = image.layers.map((l) => l.chainId);
  // An unknown user is the user's mistake: say so now, not at start.
  await resolveUser(spec.user, await imageFileLayers(layout, layers), extras.groupAdd);

  return withStoreLock(layout.root, async () => {
    const records = await readAllRecords(layout);
    if (name !== undefined) {
      const clash = records.find((r) => r.config.name === name);
      if (clash) {
        throw new ContainerError('NAME_IN_USE',
          `the container name "/${name}" is already in use by container ${clash.config.id}`, {
            hint: 'remove or rename that container, or choose another name',
            fields: { name },
          });
      }
    }
    let id: string;
    do id = randomBytes(32).toString('hex');
    while (/^\d+$/.test(id.slice(0, 12)) || records.some((r) => r.config.id === id));
    // A --rm container's monitor removes it with no engine running: its anonymous volumes name it, for a later sweep.
    const mounts = await resolveMounts(layout, opts.mounts ?? NO_MOUNTS, imageConfig.Volumes, records, opts.autoRemove ? id : undefined);
    const config: ContainerConfig = {
      id,
      name: name ?? generateName(new Set(records.map((r) => r.config.name))),
      image: image.id,
      imageName: opts.image,
      created: new Date().toISOString(),
      ...spec,
      ...extras,
      stopSignal: stopSignalOf(opts.extras, spec.stopSignal),
      env: opts.tty && !spec.env.some((e) => e.startsWith('TERM=')) ? [...spec.env, 'TERM=xterm'] : spec.env,
      // Docker: a --network host container is named as the host is, unless -h says otherwise.
      hostname: opts.hostname || (opts.network?.mode === 'host' && /^[A-Za-z0-9._-]{1,63}$/.test(hostname()) ? hostname() : id.slice(0, 12)),
      tty: opts.tty,
      openStdin: opts.openStdin,
      init: opts.init,
      readOnly: opts.readOnly,
      privileged: opts.privileged,
      capAdd: opts.capAdd,
      capDrop: opts.capDrop,
      limits,
      autoRemove: opts.autoRemove,
      ulimits,
      layers,
      network: {
        mode: opts.network?.mode ?? 'bridge',
        ports: opts.network?.ports ?? [],
        publishAll: opts.network?.publishAll ?? false,
        exposedPorts: exposedPortsOf(imageConfig, opts.extras),
        extraHosts: opts.network?.extraHosts ?? [],
        dns: opts.network?.dns ?? [],
        ...(opts.network?.ip ? { ip: opts.network.ip } : {}),
        ...(opts.network?.aliases?.length ? { aliases: opts.network.aliases } : {}),
      },
      mounts,
    };
    const paths = new ContainerPaths(layout, id);
    try {
      await mkdir(layout.containersDir, { recursive: true, mode: 0o700 });
      await mkdir(paths.dir, { mode: 0o700 });
    } catch (err) {
      throw fromSystemError(err, `creating ${paths.dir}`);
    }
    await writeEtcFiles(paths.upper, config.hostname);
    try {
      await attachAtCreate(layout, config, warnings);
    } catch (err) {
      // Nothing ran in it yet: plain files, and no config.json, so no reader saw it.
      await rm(paths.dir, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
    // config.json last but one: a directory without it is ignored by every reader.
    await writeState(layout, id, initialState(), { durable: !config.autoRemove });
    await writeConfig(layout, config);
    return { record: { config, state: initialState() }, warnings };
  }, { signal: opts.signal });
}
