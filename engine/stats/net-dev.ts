// Network counters of a container: /proc/<pid>/net/dev shows the network
// namespace of that process, so any member of the container will do.
import { readFileSync } from 'node:fs';

export interface NetCounters {
  rxBytes: number;
  txBytes: number;
}

/** Sums receive and transmit bytes over every interface except loopback. */
export function parseNetDev(text: string): NetCounters {
  const total = { rxBytes: 0, txBytes: 0 };
  // Two header lines, then "  eth0: rx_bytes rx_packets ... (8 rx fields) tx_bytes ...".
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim() === 'lo') continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    total.rxBytes += Number(fields[0]) || 0;
    total.txBytes += Number(fields[8]) || 0;
  }
  return total;
}

/**
 * The counters seen by `pid`, or undefined once that process is gone. Read
 * synchronously: a procfs file never waits on a disk, and an async read
 * costs five thread-pool round trips for the dashboard's every container.
 */
export async function readNetDev(
  pid: number,
  procRoot = '/proc',
  readFile: (path: string) => string | undefined = (path) => readFileSync(path, 'utf8'),
): Promise<NetCounters | undefined> {
  try {
    const text = readFile(`${procRoot}/${pid}/net/dev`);
    return text === undefined ? undefined : parseNetDev(text);
  } catch {
    return undefined;
  }
}
