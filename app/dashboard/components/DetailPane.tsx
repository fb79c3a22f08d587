// Below the containers table: the selected container's CPU and memory over
// the last minutes as sparklines, and its current numbers.
import { Box, Text } from 'ink';
import type { ContainerRow, ContainerStats } from '../engine-port.js';
import type { StatsHistory } from '../state/stats-history.js';
import { detailFigures } from '../state/stats-display.js';

export interface DetailPaneProps {
  row: ContainerRow | undefined;
  stats: ContainerStats | undefined;
  history: StatsHistory | undefined;
  width: number;
}

export const DETAIL_HEIGHT = 4;

export function DetailPane({ row, stats, history, width }: DetailPaneProps) {
  if (!row) return <Box height={DETAIL_HEIGHT} />;
  const figures = detailFigures(stats, history, width);
  return (
    <Box flexDirection="column" height={DETAIL_HEIGHT} borderStyle="single" borderBottom={false} borderLeft={false} borderRight={false}>
      <Text wrap="truncate">
        <Text bold>{row.name}</Text> <Text dimColor>{row.id.slice(0, 12)}</Text> {row.image}  {row.status}
      </Text>
      <Text wrap="truncate">
        <Text color="cyan">CPU {figures.cpu.padStart(8)} </Text>
        <Text color="cyan">{figures.cpuChart}</Text>
      </Text>
      <Text wrap="truncate">
        <Text color="magenta">MEM {figures.mem.padStart(8)} </Text>
        <Text color="magenta">{figures.memChart}</Text>
      </Text>
    </Box>
  );
}
