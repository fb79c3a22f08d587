// The `?` overlay: every key, by section, in as many columns as the width
// allows; j/k scroll it when it is still taller than the screen (80x24).
import { Box, Text } from 'ink';
import { helpColumns, helpLines } from '../help-entries.js';

const COLUMN_WIDTH = 46;

export function HelpOverlay({ width, height, scroll }: { width: number; height: number; scroll: number }) {
  const lines = helpLines();
  const columns = Math.max(1, Math.floor((width - 4) / COLUMN_WIDTH));
  const rows = Math.max(1, height - 3);
  const split = helpColumns(lines, columns, Math.max(rows, Math.ceil(lines.length / columns)));
  const maxScroll = Math.max(0, ...split.map((column) => column.length - rows));
  const top = Math.min(scroll, maxScroll);
  const cells = split.map((column) => column.slice(top, top + rows));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Keys  <Text dimColor>(Esc or ? closes{maxScroll > 0 ? `; j/k scroll, ${top < maxScroll ? 'more below' : 'end'}` : ''})</Text>
      </Text>
      <Box flexDirection="row" columnGap={2}>
        {cells.map((column, c) => (
          <Box key={c} flexDirection="column" width={columns === 1 ? width - 4 : COLUMN_WIDTH}>
            {column.map((line, i) => (line.keys === undefined
              ? <Text key={i} bold color="cyan" wrap="truncate">{line.title}</Text>
              : <Text key={i} wrap="truncate"><Text color="yellow">{line.keys.padEnd(14)}</Text>{line.what}</Text>))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
