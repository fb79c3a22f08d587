// Below the containers table: the selected container's CPU and memory over
// the last minutes as sparklines, and its current numbers.
import { Box, Text } from 'ink';
import { humanBinarySize } from '../../format/units.js';
import type { ContainerRow, ContainerStats } from '../engine-port.js';
import { sparkline } from '../sparkline.js';
import type { StatsHistory } from '../state/stats-history.js';

export interface DetailPaneProps {
  row: ContainerRow | undefined;
  stats: ContainerStats | undefined;
  history: StatsHistory | undefined;
  width: number;
}

export const DETAIL_HEIGHT = 4;

export function DetailPane({ row, stats, history, width }: DetailPaneProps) {
  if (!row) return <Box height={DETAIL_HEIGHT} />;
  const chartWidth = Math.max(10, width - 24);
  const cpuMax = Math.max(100, ...(history?.cpu ?? []));
  const memMax = stats?.memLimit && stats.memLimit > 0 ? stats.memLimit : undefined;
  return (
    <Box flexDirection="column" height={DETAIL_HEIGHT} borderStyle="single" borderBottom={false} borderLeft={false} borderRight={false}>
      <Text wrap="truncate">
        <Text bold>{row.name}</Text> <Text dimColor>{row.id.slice(0, 12)}</Text> {row.image}  {row.status}
      </Text>
      <Text wrap="truncate">
        <Text color="cyan">CPU {(stats ? `${stats.cpuPercent.toFixed(1)}%` : '-').padStart(8)} </Text>
        <Text color="cyan">{sparkline(history?.cpu ?? [], chartWidth, cpuMax)}</Text>
      </Text>
      <Text wrap="truncate">
        <Text color="magenta">MEM {(stats ? humanBinarySize(stats.memUsed) : '-').padStart(8)} </Text>
        <Text color="magenta">{sparkline(history?.mem ?? [], chartWidth, memMax)}</Text>
      </Text>
    </Box>
  );
}
