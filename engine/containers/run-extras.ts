// run/create options beyond the basics (--label, --stop-signal, --stop-timeout,
// --shm-size, --group-add, --security-opt, --device, --expose, --sysctl,
// --dns-search, --dns-option): checked before anything is created and kept
// as optional fields of config.json, so records older than them still read.
import { UsageError } from '../errors.js';
import { parseByteSize } from '../cgroups/byte-units.js';
import type { ContainerDefaults } from '../registry/image-config.js';
import { parseSignal } from './signals.js';
import { checkDevice, type DeviceMapping } from './devices.js';
import { checkSysctl } from './sysctls.js';

/** The flags as typed (absent = not given). */
export interface ExtraFlags {
  /** --label/--label-file entries, KEY=VALUE or KEY, in order (later wins). */
  labels?: string[];
  stopSignal?: string | undefined;
  stopTimeout?: string | undefined;
  shmSize?: string | undefined;
  groupAdd?: string[];
  securityOpt?: string[];
  devices?: string[];
  expose?: string[];
  sysctls?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
}

/** What config.json keeps of them; every field optional (older records lack them). */
export interface ContainerExtras {
  /** The image's labels with --label on top, as Docker's Config.Labels. */
  labels?: Record<string, string>;
  /** --stop-timeout seconds (stop/restart's default when -t is not given). */
  stopTimeout?: number;
  /** --shm-size in bytes (the helper's /dev/shm tmpfs size). */
  shmSize?: number;
  /** --group-add as given (names resolved in the container's /etc/group at start). */
  groupAdd?: string[];
  /** --security-opt values as given, for inspect. */
  securityOpt?: string[];
  noNewPrivileges?: boolean;
  devices?: DeviceMapping[];
  sysctls?: Record<string, string>;
  dnsSearch?: string[];
  dnsOptions?: string[];
}

/** Docker's default /dev/shm size. */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

/** KEY=VALUE or KEY (an empty value), as Docker's --label. */
export function parseLabels(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (key.trim() === '') throw new UsageError(`invalid label "${entry}": the key is empty`, { hint: 'use --label KEY=VALUE' });
    out[key] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return out;
}

function parseStopTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(value)) throw new UsageError(`invalid value "${value}" for --stop-timeout: use a whole number of seconds (-1 waits forever)`);
  return Number(value);
}

function parseShmSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseByteSize(value);
  if (bytes === undefined || bytes <= 0) throw new UsageError(`invalid value "${value}" for --shm-size: use a size above 0 with an optional unit b, k, m or g`);
  return bytes;
}

function checkGroup(group: string): string {
  if (!/^(\d{1,10}|[A-Za-z_][A-Za-z0-9_.-]{0,31})$/.test(group) || (/^\d+$/.test(group) && Number(group) > 0xfffffffe)) {
    throw new UsageError(`invalid value "${group}" for --group-add: use a group name or a numeric group ID`);
  }
  return group;
}

/** --security-opt: only no-new-privileges is done; others are refused rather than silently ignored. */
function parseSecurityOpts(opts: readonly string[]): boolean | undefined {
  let noNewPrivileges: boolean | undefined;
  for (const opt of opts) {
    const m = /^no-new-privileges(?:[:=](true|false))?$/.exec(opt);
    if (m?.[1] === 'false') {
      // tscontain sets no_new_privs for every unprivileged container; turning it off is not offered.
      throw new UsageError(`--security-opt ${opt} is not supported: tscontain always sets no-new-privileges (except with --privileged)`);
    }
    if (m) { noNewPrivileges = true; continue; }
    const key = opt.split(/[:=]/, 1)[0];
    if (['seccomp', 'apparmor', 'label', 'systempaths', 'writable-cgroups', 'mask', 'unmask'].includes(key!)) {
      throw new UsageError(`--security-opt ${opt} is not supported by tscontain (only no-new-privileges is)`);
    }
    throw new UsageError(`invalid --security-opt: "${opt}"`, { hint: 'use no-new-privileges[:true|false]' });
  }
  return noNewPrivileges;
}

/** --expose PORT[/PROTO] or a range START-END[/PROTO], as ExposedPorts keys ("80/tcp"). */
export function parseExpose(value: string): string[] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(value);
  const lo = Number(m?.[1]);
  const hi = m?.[2] === undefined ? lo : Number(m[2]);
  if (!m || lo < 1 || hi > 65535 || hi < lo) {
    throw new UsageError(`invalid value "${value}" for --expose: use PORT[/tcp|udp|sctp] or START-END[/PROTO]`);
  }
  const proto = (m[3] ?? 'tcp').toLowerCase();
  const out: string[] = [];
  for (let p = lo; p <= hi; p++) out.push(`${p}/${proto}`);
  return out;
}

function checkDnsSearch(domain: string): string {
  if (domain !== '.' && !/^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?$/.test(domain)) {
    throw new UsageError(`invalid value "${domain}" for --dns-search: use a DNS domain name`);
  }
  return domain;
}

function checkDnsOption(option: string): string {
  if (!/^[A-Za-z0-9_-]+(:[A-Za-z0-9_.-]+)?$/.test(option)) {
    throw new UsageError(`invalid value "${option}" for --dns-option: use a resolv.conf option like ndots:2`);
  }
  return option;
}

/** Validates every extra flag; throws one UsageError naming the flag. */
export function parseExtras(flags: ExtraFlags | undefined, image: ContainerDefaults, networkMode = 'bridge'): ContainerExtras {
  const f = flags ?? {};
  const out: ContainerExtras = {};
  const labels = { ...(image.Labels ?? {}), ...parseLabels(f.labels ?? []) };
  if (Object.keys(labels).length) out.labels = labels;
  if (f.stopSignal !== undefined) parseSignal(f.stopSignal);
  const stopTimeout = parseStopTimeout(f.stopTimeout);
  if (stopTimeout !== undefined) out.stopTimeout = stopTimeout;
  const shmSize = parseShmSize(f.shmSize);
  if (shmSize !== undefined) out.shmSize = shmSize;
  if (f.groupAdd?.length) out.groupAdd = f.groupAdd.map(checkGroup);
  if (f.securityOpt?.length) {
    const nnp = parseSecurityOpts(f.securityOpt);
    out.securityOpt = [...f.securityOpt];
    if (nnp) out.noNewPrivileges = true;
  }
  if (f.devices?.length) out.devices = f.devices.map((d) => checkDevice(d));
  if (f.sysctls?.length) {
    out.sysctls = Object.fromEntries(f.sysctls.map(checkSysctl));
    const net = Object.keys(out.sysctls).find((k) => k.startsWith('net.'));
    // Docker's rule: those keys would be the host's own there.
    if (net && networkMode === 'host') throw new UsageError(`sysctl "${net}" is not allowed in the host network namespace`);
  }
  f.expose?.forEach(parseExpose);
  if (f.dnsSearch?.length) out.dnsSearch = f.dnsSearch.map(checkDnsSearch);
  if (f.dnsOptions?.length) out.dnsOptions = f.dnsOptions.map(checkDnsOption);
  return out;
}

/** The stop signal: --stop-signal, else the image's StopSignal, else SIGTERM. */
export function stopSignalOf(flags: ExtraFlags | undefined, imageSignal: string): string {
  const s = flags?.stopSignal;
  if (s === undefined) return imageSignal;
  return /^\d+$/.test(s) ? s : s.toUpperCase().startsWith('SIG') ? s.toUpperCase() : `SIG${s.toUpperCase()}`;
}

/** The image's ExposedPorts with --expose added, as ExposedPorts keys. */
export function exposedPortsOf(image: ContainerDefaults, flags: ExtraFlags | undefined): string[] {
  const keys = Object.keys(image.ExposedPorts ?? {});
  for (const key of (flags?.expose ?? []).flatMap(parseExpose)) if (!keys.includes(key)) keys.push(key);
  return keys;
}
