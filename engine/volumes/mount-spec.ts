// Docker's three ways of asking for a mount, parsed into one shape:
//   -v SRC:DST[:MODE], -v DST           (SRC absolute or ./relative = bind, else a volume name)
//   --mount type=bind|volume|tmpfs,source=..,target=..,readonly,...
//   --tmpfs DST[:OPTIONS]
// Pure: nothing here touches the store; resolve-mounts.ts does that. Relative
// bind sources are resolved against the process's current directory (the CLI
// runs in the user's).
import { posix } from 'node:path';
import { UsageError } from '../errors.js';
import { VOLUME_NAME } from './volume-store.js';

export type MountType = 'bind' | 'volume' | 'tmpfs';

export interface MountSpec {
  type: MountType;
  /** bind: absolute host path; volume: its name ("" until create names an anonymous one); tmpfs: "". */
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs: options for the helper (size=, mode=, uid=, gid=, exec, suid...), without ro/rw. */
  tmpfsOptions?: string;
  /** -v makes a missing host directory (Docker does); --mount type=bind refuses it. */
  createSource?: boolean;
  /** Do not fill an empty volume with the image's content at the target (-v ...:nocopy, --mount volume-nocopy). */
  noCopy?: boolean;
  /** Labels for a volume this mount creates (--mount volume-label=). */
  labels?: Record<string, string>;
  /** How it was asked for (inspect's Mode and HostConfig.Binds differ by it). */
  origin?: 'volume-flag' | 'mount-flag' | 'tmpfs-flag' | 'image' | 'volumes-from';
}

export interface MountFlags {
  volumes: string[];
  mounts: string[];
  tmpfs: string[];
  volumesFrom: string[];
}

const PROPAGATION_OK = new Set(['private', 'rprivate']);
const PROPAGATION_OTHER = new Set(['shared', 'rshared', 'slave', 'rslave']);

/** Absolute, cleaned, not "/", not /proc or /sys (the helper checks again). */
export function checkTarget(target: string, flag: string, spec: string): string {
  if (!target.startsWith('/')) {
    throw new UsageError(`invalid ${flag} specification "${spec}": mount path "${target}" must be absolute`);
  }
  const clean = posix.normalize(target).replace(/(.)\/+$/, '$1');
  if (clean === '/') throw new UsageError(`invalid ${flag} specification "${spec}": destination can't be "/"`);
  if (/^\/(proc|sys)(\/|$)/.test(clean)) {
    throw new UsageError(`invalid ${flag} specification "${spec}": cannot mount over ${clean} (/proc and /sys belong to the kernel)`);
  }
  return clean;
}

/** Docker >= 23: a bind source written as a relative path ("." or "./x", also "..") is the user's current directory's. */
export function isRelativePath(source: string): boolean {
  return source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../');
}

function checkSource(source: string, flag: string, spec: string): { type: 'bind' | 'volume'; source: string } {
  if (source.startsWith('/')) return { type: 'bind', source: posix.normalize(source) };
  if (isRelativePath(source)) return { type: 'bind', source: posix.resolve(process.cwd(), source) };
  if (!VOLUME_NAME.test(source)) {
    throw new UsageError(`invalid ${flag} specification "${spec}": "${source}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed`, {
      hint: 'to mount a host directory, give its absolute path or a path starting with ./',
    });
  }
  return { type: 'volume', source };
}

const VOLUME_MODES = new Set(['ro', 'rw', 'z', 'Z', 'nocopy', ...PROPAGATION_OK, ...PROPAGATION_OTHER]);

function isMode(text: string): boolean {
  return text.split(',').every((m) => VOLUME_MODES.has(m));
}

/** -v / --volume */
export function parseVolumeFlag(spec: string): MountSpec {
  const parts = spec.split(':');
  let source = '';
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2 && parts[0]!.startsWith('/') && isMode(parts[1]!) && !parts[1]!.startsWith('/')) [target, mode] = [parts[0]!, parts[1]!];
  else if (parts.length === 2) [source, target] = [parts[0]!, parts[1]!];
  else if (parts.length === 3) [source, target, mode] = [parts[0]!, parts[1]!, parts[2]!];
  else throw new UsageError(`invalid volume specification: "${spec}"`, { hint: 'use SOURCE:TARGET[:ro|rw] or TARGET' });
  const namedSource = parts.length === 3 || (parts.length === 2 && mode === '');
  if (namedSource && source === '') throw new UsageError(`invalid volume specification: "${spec}": empty source`);
  const modes = mode === '' ? [] : mode.split(',');
  for (const m of modes) {
    if (!VOLUME_MODES.has(m)) throw new UsageError(`invalid volume specification: "${spec}": invalid mode "${m}"`, { hint: 'modes are ro, rw, z, Z, nocopy' });
    if (PROPAGATION_OTHER.has(m)) throw new UsageError(`invalid volume specification: "${spec}": propagation mode "${m}" is not supported (mounts are private)`);
  }
  if (modes.includes('ro') && modes.includes('rw')) throw new UsageError(`invalid volume specification: "${spec}": both ro and rw`);
  const out = source === '' ? { type: 'volume' as const, source: '' } : checkSource(source, 'volume', spec);
  return {
    ...out,
    target: checkTarget(target, 'volume', spec),
    readOnly: modes.includes('ro'),
    createSource: out.type === 'bind',
    ...(out.type === 'volume' && modes.includes('nocopy') ? { noCopy: true } : {}),
    origin: 'volume-flag',
  };
}

/** Docker's RAMInBytes: a number with an optional b, k, m, g (and optional "b"/"ib"). */
export function parseBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const value = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(value) ? value : undefined;
}

function parseBoolValue(value: string | undefined, key: string, spec: string): boolean {
  if (value === undefined || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new UsageError(`invalid argument "${spec}" for "--mount" flag: invalid value "${value}" for ${key}: expected true or false`);
}

/** --mount */
export function parseMountFlag(spec: string): MountSpec {
  const bad = (why: string) => new UsageError(`invalid argument "${spec}" for "--mount" flag: ${why}`);
  let type: MountType = 'volume';
  let source = '';
  let target = '';
  let readOnly = false;
  let noCopy = false;
  const tmpfs: string[] = [];
  const labels: Record<string, string> = {};
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    const need = () => {
      if (value === undefined || value === '') throw bad(`${key} needs a value`);
      return value;
    };
    switch (key) {
      case 'type': {
        const t = need();
        if (t !== 'bind' && t !== 'volume' && t !== 'tmpfs') throw bad(`mount type "${t}" is not supported (bind, volume or tmpfs)`);
        type = t;
        break;
      }
      case 'source': case 'src': source = need(); break;
      case 'target': case 'destination': case 'dst': target = need(); break;
      case 'readonly': case 'ro': readOnly = parseBoolValue(value, key, spec); break;
      case 'bind-propagation':
        if (!PROPAGATION_OK.has(need())) throw bad(`propagation "${value}" is not supported (mounts are private)`);
        break;
      case 'volume-nocopy': noCopy = parseBoolValue(value, key, spec); break;
      case 'volume-driver': if (need() !== 'local') throw bad(`volume driver "${value}" is not supported (only local)`); break;
      case 'volume-label': {
        const v = need();
        const i = v.indexOf('=');
        labels[i < 0 ? v : v.slice(0, i)] = i < 0 ? '' : v.slice(i + 1);
        break;
      }
      case 'tmpfs-size': {
        const bytes = parseBytes(need());
        if (bytes === undefined || bytes <= 0) throw bad(`invalid tmpfs-size "${value}"`);
        tmpfs.push(`size=${bytes}`);
        break;
      }
      case 'tmpfs-mode': {
        if (!/^[0-7]{1,4}$/.test(need())) throw bad(`invalid tmpfs-mode "${value}": expected octal`);
        tmpfs.push(`mode=${value}`);
        break;
      }
      case 'consistency': break;
      default: throw bad(`unexpected key "${key}" in "${field}"`);
    }
  }
  if (target === '') throw bad('target is required');
  const clean = checkTarget(target, 'mount', spec);
  if (type === 'tmpfs') {
    if (source !== '') throw bad('a tmpfs mount takes no source');
    return { type, source: '', target: clean, readOnly, tmpfsOptions: tmpfs.join(','), origin: 'mount-flag' };
  }
  if (tmpfs.length) throw bad(`tmpfs options need type=tmpfs`);
  if (type === 'bind') {
    if (isRelativePath(source)) source = posix.resolve(process.cwd(), source);
    if (!source.startsWith('/')) throw bad(source === '' ? 'a bind mount needs a source' : `bind source "${source}" must be an absolute path or start with ./`);
    return { type, source: posix.normalize(source), target: clean, readOnly, createSource: false, origin: 'mount-flag' };
  }
  if (source !== '' && !VOLUME_NAME.test(source)) throw bad(`"${source}" is not a valid volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)`);
  return { type, source, target: clean, readOnly, labels, ...(noCopy ? { noCopy } : {}), origin: 'mount-flag' };
}

const TMPFS_WORDS = new Set(['exec', 'noexec', 'suid', 'nosuid', 'nodev']);

/** --tmpfs DST[:OPTIONS], options from the helper's closed set (Docker passes any to the kernel). */
export function parseTmpfsFlag(spec: string): MountSpec {
  const colon = spec.indexOf(':');
  const target = colon < 0 ? spec : spec.slice(0, colon);
  const options = colon < 0 ? [] : spec.slice(colon + 1).split(',').filter((o) => o !== '');
  let readOnly = false;
  const kept: string[] = [];
  for (const o of options) {
    if (o === 'ro' || o === 'rw') readOnly = o === 'ro';
    else if (TMPFS_WORDS.has(o) || /^(size=\d{1,19}[kmgKMG]?|mode=[0-7]{1,4}|[ug]id=\d{1,10})$/.test(o)) kept.push(o);
    else {
      throw new UsageError(`invalid tmpfs option "${o}" in "${spec}"`, {
        hint: 'use ro, rw, exec, noexec, suid, nosuid, nodev, size=N[k|m|g], mode=OCTAL, uid=N, gid=N',
      });
    }
  }
  return { type: 'tmpfs', source: '', target: checkTarget(target, 'tmpfs', spec), readOnly, tmpfsOptions: kept.join(','), origin: 'tmpfs-flag' };
}

/** --volumes-from CONTAINER[:ro|rw] */
export function parseVolumesFrom(spec: string): { container: string; mode: 'ro' | 'rw' | undefined } {
  const colon = spec.lastIndexOf(':');
  const mode = colon < 0 ? '' : spec.slice(colon + 1);
  if (colon >= 0 && mode !== 'ro' && mode !== 'rw') {
    throw new UsageError(`invalid --volumes-from "${spec}": mode must be ro or rw`);
  }
  const container = colon < 0 ? spec : spec.slice(0, colon);
  if (!container) throw new UsageError(`invalid --volumes-from "${spec}": no container`);
  return { container, mode: mode === '' ? undefined : mode as 'ro' | 'rw' };
}

/** Every explicitly asked-for mount; two on one target is Docker's "Duplicate mount point". */
export function parseMountFlags(flags: MountFlags): MountSpec[] {
  const mounts = [
    ...flags.volumes.map(parseVolumeFlag),
    ...flags.mounts.map(parseMountFlag),
    ...flags.tmpfs.map(parseTmpfsFlag),
  ];
  const seen = new Set<string>();
  for (const m of mounts) {
    if (seen.has(m.target)) throw new UsageError(`Duplicate mount point: ${m.target}`);
    seen.add(m.target);
  }
  return mounts;
}
