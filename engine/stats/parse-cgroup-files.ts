// Parsers for the formats of the cgroup files the stats read. Pure functions
// over the file text: the readers stay tiny and the formats are tested alone.

/** "key value" lines (memory.stat, cpu.stat, memory.events, memory.oom_control). */
export function parseFlatKeyed(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) values.set(line.slice(0, space), value);
  }
  return values;
}

/** A file holding one number ("max" and unreadable text give undefined). */
export function parseSingleNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
}

export interface ByteCounts {
  read: number;
  write: number;
}

/** v2 io.stat: "8:0 rbytes=1 wbytes=2 rios=3 ..." per device, summed. */
export function parseIoStat(text: string): ByteCounts {
  const total = { read: 0, write: 0 };
  for (const line of text.split('\n')) {
    for (const pair of line.split(' ').slice(1)) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq);
      if (key === 'rbytes') total.read += Number(pair.slice(eq + 1)) || 0;
      else if (key === 'wbytes') total.write += Number(pair.slice(eq + 1)) || 0;
    }
  }
  return total;
}

/** v1 blkio.throttle.io_service_bytes: "8:0 Read 4096" per device and op, plus a "Total" line. */
export function parseBlkioServiceBytes(text: string): ByteCounts {
  const total = { read: 0, write: 0 };
  for (const line of text.split('\n')) {
    const [device, op, value] = line.split(' ');
    if (device === undefined || value === undefined) continue;
    if (op === 'Read') total.read += Number(value) || 0;
    else if (op === 'Write') total.write += Number(value) || 0;
  }
  return total;
}
