// Is a recorded process (pid + start time) still running? A zombie counts as
// gone: monitors are reparented to init or a subreaper, which may take a
// while to reap them, and a zombie records nothing more.
import { readFileSync } from 'node:fs';

export function processRunning(pid: number, startTime: number): boolean {
  if (pid <= 0) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[0] !== 'X' && Number(fields[19]) === startTime;
  } catch {
    return false;
  }
}
