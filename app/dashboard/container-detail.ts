// The detail pane's data for the selected container: from its record, the
// store's network records, and the tail of its log. One container is looked
// at at a time, so one log tail is cached: an idle pane costs a stat a tick.
import type { StoreLayout } from '../../engine/store/layout.js';
import type { ContainerRecord } from '../../engine/containers/record.js';
import { readLogTail, type LogVersion } from '../../engine/containers/log-tail.js';
import type { NetworkRecord } from '../../engine/network/records.js';
import { endpointsOf } from '../../engine/network/endpoints.js';
import type { ContainerDetail, LogLine } from './engine-port.js';
import { toShownLogLine } from './log-stream.js';
import { terminalSafe } from './terminal-safe.js';

/** An argument as a shell would need it to read back the same word. */
function shellWord(arg: string): string {
  return arg !== '' && /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Everything but the log lines, from the records alone. */
export function recordDetail(record: ContainerRecord, networks: readonly NetworkRecord[]): Omit<ContainerDetail, 'logLines'> {
  const { config } = record;
  const running = record.state.status === 'running';
  const mode = config.network?.mode;
  const attached = endpointsOf(networks, config.id).map((e) => (running ? `${e.network.name} ${e.ip}` : e.network.name));
  return {
    id: config.id,
    // An image's Cmd is as hostile as its layers: printable text only.
    command: terminalSafe([config.path, ...config.args].map(shellWord).join(' ')),
    networks: attached.length > 0 ? attached : mode === 'host' || mode === 'none' ? [mode] : [],
    mounts: (config.mounts ?? []).map((m) => {
      const source = m.type === 'tmpfs' ? 'tmpfs' : m.source;
      return terminalSafe(`${source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    }),
  };
}

export class LogTails {
  private last: { id: string; version: LogVersion; lines: LogLine[]; count: number } | undefined;

  constructor(private readonly layout: StoreLayout) {}

  async of(id: string, count: number): Promise<LogLine[]> {
    const known = this.last?.id === id && this.last.count === count ? this.last.version : undefined;
    const tail = await readLogTail(this.layout, id, count, known);
    if (!tail) return this.last!.lines;
    const lines = tail.entries.map(toShownLogLine);
    this.last = { id, version: { size: tail.size, mtimeMs: tail.mtimeMs }, lines, count };
    return lines;
  }
}
