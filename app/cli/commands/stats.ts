// `stats`: live resource use from each container's cgroup and network
// namespace. Streaming redraws the table every second until Ctrl-C;
// --no-stream prints one table after two samples half a second apart
// (CPU% is a rate, so one sample cannot give it).
import { setTimeout as sleep } from 'node:timers/promises';
import { containerCgroup } from '../../../engine/containers/cgroups.js';
import { findContainer, loadContainers } from '../../../engine/containers/lookup.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';
import { StatsSampler, type StatsSample } from '../../../engine/stats/stats-sampler.js';
import { UsageError } from '../../../engine/errors.js';
import { formatColumns } from '../../format/columns.js';
import { humanBinarySize, humanSize } from '../../format/units.js';
import { flagBool, flagString } from '../args.js';
import { write, type Command } from '../command.js';

function row(r: ContainerRecord, s: StatsSample | undefined): Record<string, string> {
  const net = s?.netRx === undefined ? '--' : `${humanSize(s.netRx)} / ${humanSize(s.netTx ?? 0)}`;
  return {
    ID: r.config.id.slice(0, 12),
    Name: r.config.name,
    CPUPerc: s ? `${s.cpuPercent.toFixed(2)}%` : '--',
    MemUsage: s ? `${humanBinarySize(s.memoryUsed)} / ${humanBinarySize(s.memoryLimit)}` : '-- / --',
    MemPerc: s ? `${s.memoryPercent.toFixed(2)}%` : '--',
    NetIO: net,
    BlockIO: s ? `${humanSize(s.blockRead)} / ${humanSize(s.blockWrite)}` : '--',
    PIDs: s ? String(s.pids) : '--',
  };
}

async function sampleAll(sampler: StatsSampler, records: ContainerRecord[]): Promise<Array<Record<string, string>>> {
  const targets = records.map((r) => ({
    id: r.config.id,
    cgroup: containerCgroup(r.config.id),
    pid: r.state.status === 'running' ? r.state.pid : undefined,
  }));
  const results = await sampler.sampleAll(targets);
  return records.map((r, i) => row(r, results[i]?.status === 'fulfilled' ? results[i].value : undefined));
}

export const statsCommand: Command = {
  name: 'stats',
  aliases: ['container stats'],
  summary: 'Display a live stream of container(s) resource usage statistics',
  usage: 'tscontain stats [OPTIONS] [CONTAINER...]',
  flags: [
    { long: 'no-stream', kind: 'bool', description: 'Disable streaming stats and only pull the first result' },
    { long: 'format', kind: 'string', valueName: 'string', description: "Format output: 'table' (default) or 'json'" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const format = flagString(args, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`unsupported --format "${format}": use table or json`);
    const { layout } = await ctx.engine();
    const pick = async () => args.operands.length
      ? Promise.all(args.operands.map((input) => findContainer(layout, input)))
      : (await loadContainers(layout)).filter((r) => r.state.status === 'running');
    const sampler = new StatsSampler();
    const render = (rows: Array<Record<string, string>>) => {
      if (format === 'json') return rows.map((r) => JSON.stringify({ BlockIO: r.BlockIO, CPUPerc: r.CPUPerc, Container: r.ID, ID: r.ID, MemPerc: r.MemPerc, MemUsage: r.MemUsage, Name: r.Name, NetIO: r.NetIO, PIDs: r.PIDs })).join('\n') + (rows.length ? '\n' : '');
      return formatColumns(['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'],
        rows.map((r) => [r.ID!, r.Name!, r.CPUPerc!, r.MemUsage!, r.MemPerc!, r.NetIO!, r.BlockIO!, r.PIDs!]));
    };
    if (flagBool(args, 'no-stream')) {
      const records = await pick();
      await sampleAll(sampler, records);
      await sleep(500);
      ctx.stdout.write(render(await sampleAll(sampler, records)));
      return 0;
    }
    while (!ctx.signal.aborted) {
      const text = render(await sampleAll(sampler, await pick()));
      // Clear and redraw in place on a terminal; plain appends otherwise.
      write(ctx.stdout, ctx.stdout.isTTY ? `\x1b[2J\x1b[H${text}` : text);
      await sleep(1000, undefined, { signal: ctx.signal }).catch(() => undefined);
    }
    return 0;
  },
};
