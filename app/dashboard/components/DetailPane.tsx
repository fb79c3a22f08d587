// Below the containers table: the selected container's CPU and memory over
// the last minutes as sparklines and its current numbers, then, when there is
// room, a little of inspect (command, networks, mounts) and its latest log lines.
import { Box, Text } from 'ink';
import type { ContainerDetail, ContainerRow, ContainerStats } from '../engine-port.js';
import type { StatsHistory } from '../state/stats-history.js';
import { detailFigures } from '../state/stats-display.js';

export interface DetailPaneProps {
  row: ContainerRow | undefined;
  stats: ContainerStats | undefined;
  history: StatsHistory | undefined;
  /** `row`'s detail once read. */
  detail: ContainerDetail | undefined;
  width: number;
  height: number;
}

/** The border, the title and the two charts. */
export const DETAIL_MIN_HEIGHT = 4;
const TALLEST = 14;

/** The pane's height under a list `height` lines tall: about 45% of it, at least the charts. */
export function detailHeight(height: number): number {
  return height < 16 ? DETAIL_MIN_HEIGHT : Math.min(TALLEST, Math.floor(height * 0.45));
}

export function DetailPane({ row, stats, history, detail, width, height }: DetailPaneProps) {
  if (!row) return <Box height={height} />;
  const figures = detailFigures(stats, history, width);
  // Lines after the border, title and charts: inspect lines first, then the log.
  const spare = height - DETAIL_MIN_HEIGHT;
  const info = spare >= 3 ? 2 : 0;
  const logRoom = spare - info;
  const logLines = detail ? detail.logLines.slice(-logRoom) : [];
  return (
    <Box flexDirection="column" height={height} borderStyle="single" borderBottom={false} borderLeft={false} borderRight={false}>
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
      {info > 0 ? (
        <>
          <Text wrap="truncate"><Text dimColor>cmd </Text>{detail ? detail.command : '…'}</Text>
          <Text wrap="truncate">
            <Text dimColor>net </Text>{detail ? detail.networks.join(', ') || '-' : '…'}
            <Text dimColor>  mounts </Text>{detail ? detail.mounts.join(', ') || '-' : '…'}
          </Text>
        </>
      ) : null}
      {logRoom > 0 && detail && logLines.length === 0 ? <Text dimColor>no output yet</Text> : null}
      {logRoom > 0 ? logLines.map((line, i) => (
        <Text key={i} wrap="truncate" color={line.stream === 'stderr' ? 'red' : undefined}>{line.text || ' '}</Text>
      )) : null}
    </Box>
  );
}
