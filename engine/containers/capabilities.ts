// Capability names as Docker accepts them for --cap-add/--cap-drop ("NET_ADMIN",
// "cap_net_admin", "ALL"), checked against what this kernel knows before a
// container is made: the helper would refuse them only after create.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

// In kernel bit order: index = capability number (linux/capability.h).
const CAP_NAMES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID',
  'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW',
  'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD',
  'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
];

function kernelLastCap(): number {
  try {
    const n = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8').trim());
    if (Number.isInteger(n) && n > 0 && n < 64) return n;
  } catch {
    // No /proc (unusual): fall back to every name we know, as the helper does.
  }
  return CAP_NAMES.length - 1;
}

/** The capabilities this kernel knows, "CAP_"-prefixed. */
export function knownCapabilities(lastCap = kernelLastCap()): string[] {
  return CAP_NAMES.slice(0, lastCap + 1).map((n) => `CAP_${n}`);
}

/** Throws Docker's `invalid CapAdd: unknown capability: "CAP_X"` for the first unknown name. */
export function checkCapabilities(add: readonly string[], drop: readonly string[], lastCap = kernelLastCap()): void {
  const known = new Set(knownCapabilities(lastCap));
  for (const [field, list] of [['CapAdd', add], ['CapDrop', drop]] as const) {
    for (const raw of list) {
      const upper = raw.toUpperCase();
      if (upper === 'ALL') continue;
      const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
      if (!known.has(name)) throw new UsageError(`invalid ${field}: unknown capability: "${name}"`);
    }
  }
}
