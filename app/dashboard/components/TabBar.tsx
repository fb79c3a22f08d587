// The top line: the program name, the views with their number keys, and a hint.
import { Box, Text } from 'ink';
import { VIEWS, type ViewName } from '../state/dashboard-state.js';

export interface TabBarProps {
  view: ViewName;
  counts: Record<ViewName, number>;
}

export function TabBar({ view, counts }: TabBarProps) {
  return (
    <Box>
      <Text bold color="cyan">tscontain </Text>
      {VIEWS.map((name, i) => (
        <Text key={name} inverse={name === view} bold={name === view}>
          {` ${i + 1} ${name} (${counts[name]}) `}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text dimColor>? help  q quit</Text>
    </Box>
  );
}
