// Turning /proc's clock ticks into wall time: USER_HZ (100 on every Linux
// Node runs on; getconf is not reachable from Node) and the boot time from
// /proc/stat's btime.
import { readFile } from 'node:fs/promises';

export const USER_HZ = 100;

export async function clockTicks(): Promise<{ hz: number; bootMs: number }> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '');
  const btime = Number(/^btime\s+(\d+)/m.exec(stat)?.[1] ?? 0);
  return { hz: USER_HZ, bootMs: btime * 1000 };
}
