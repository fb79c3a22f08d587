// Platforms (`linux/arm64`, `linux/arm/v7`) normalised the way containerd's
// platforms package does, so `--platform`, index entries and the host compare
// equal when they mean the same machine:
//   aarch64 -> arm64, arm64 v8 -> no variant, armhf -> arm/v7, armel -> arm/v6,
//   arm without a variant -> arm/v7, x86_64/x86-64 -> amd64, amd64 v1 -> no
//   variant, i386/i686 -> 386, macos -> darwin.
import { UsageError } from '../errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const ARCH_ALIASES: Record<string, { architecture: string; variant?: string }> = {
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  i386: { architecture: '386' },
  i686: { architecture: '386' },
  x86: { architecture: '386' },
};

const KNOWN_OS = new Set(['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix', 'android', 'ios', 'plan9', 'js', 'wasip1']);

export function normalizePlatform(p: Platform): Platform {
  let os = p.os.toLowerCase();
  if (os === 'macos') os = 'darwin';
  let architecture = p.architecture.toLowerCase();
  let variant = p.variant?.toLowerCase() || undefined;
  const alias = ARCH_ALIASES[architecture];
  if (alias) {
    architecture = alias.architecture;
    variant = variant ?? alias.variant;
  }
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  if (architecture === 'arm') {
    if (variant === undefined) variant = 'v7';
    else if (/^\d+$/.test(variant)) variant = `v${variant}`;
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/**
 * Parses `os/arch[/variant]`, or a single `arch` (the host's os) or `os` (the
 * host's architecture), as containerd does. UsageError when malformed.
 */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  const bad = (reason: string): never => {
    throw new UsageError(`invalid platform "${text}": ${reason}`, { hint: 'use os/arch[/variant], for example linux/arm64 or linux/arm/v7' });
  };
  if (parts.length > 3) bad('too many components');
  for (const part of parts) {
    if (!/^[A-Za-z0-9_.-]+$/.test(part)) bad(part === '' ? 'empty component' : `"${part}" has characters outside [A-Za-z0-9_.-]`);
  }
  const host = hostPlatform();
  if (parts.length === 1) {
    const only = parts[0]!.toLowerCase();
    if (KNOWN_OS.has(only) || only === 'macos') return normalizePlatform({ ...host, os: only });
    return normalizePlatform({ os: host.os, architecture: only });
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return normalizePlatform(variant === undefined ? { os, architecture } : { os, architecture, variant });
}

/** The platform this process runs on, normalised. */
export function hostPlatform(): Platform {
  return normalizePlatform(nodePlatform(process.platform, process.arch, armVersion()));
}

/** Maps Node's process.platform/arch (and arm_version) onto OCI names. */
export function nodePlatform(platform: string, arch: string, armVersionNumber?: string): Platform {
  const os = platform === 'win32' ? 'windows' : platform === 'sunos' ? 'solaris' : platform;
  const map: Record<string, string> = {
    x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x',
    riscv64: 'riscv64', loong64: 'loong64', mips64el: 'mips64le', mipsel: 'mipsle', mips: 'mips',
  };
  const architecture = map[arch] ?? arch;
  if (architecture === 'arm' && armVersionNumber) return { os, architecture, variant: `v${armVersionNumber}` };
  return { os, architecture };
}

function armVersion(): string | undefined {
  const value = (process.config.variables as Record<string, unknown>).arm_version;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** `linux/arm/v7`, `linux/amd64`. */
export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
