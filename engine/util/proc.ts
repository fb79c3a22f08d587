// Process identity that survives pid reuse: a pid plus its start time in
// clock ticks since boot (field 22 of /proc/PID/stat).
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  startTime: number;
}

export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid) ?? 0 };
}

export function isAlive(id: ProcessIdentity): boolean {
  const start = processStartTime(id.pid);
  return start !== undefined && start === id.startTime;
}

/** Encodes an identity into a file-name-safe token, and back. */
export function identityToken(id: ProcessIdentity): string {
  return `${id.pid}.${id.startTime}`;
}

export function parseIdentityToken(token: string): ProcessIdentity | undefined {
  const m = /^(\d+)\.(\d+)/.exec(token);
  return m ? { pid: Number(m[1]), startTime: Number(m[2]) } : undefined;
}
