// The latest log lines of one container, newest at the bottom.
import { Box, Text } from 'ink';
import type { LogsState } from '../state/dashboard-state.js';

export function LogsView({ logs, height }: { logs: LogsState; height: number }) {
  const lines = logs.lines ?? [];
  const shown = lines.slice(-Math.max(1, height - 1));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Logs of {logs.name} <Text dimColor>(last {shown.length} lines; Esc back)</Text>
      </Text>
      {logs.lines === undefined ? <Text dimColor>loading…</Text> : null}
      {logs.lines?.length === 0 ? <Text dimColor>no output yet</Text> : null}
      {shown.map((line, i) => <Text key={i} wrap="truncate">{line}</Text>)}
    </Box>
  );
}
