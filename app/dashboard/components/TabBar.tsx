// The top line: the program name, the views with their number keys, and a
// hint; on a narrow terminal the hint, then the name give way to the views.
import { Box, Text } from 'ink';
import { VIEWS, type ViewName } from '../state/dashboard-state.js';

export interface TabBarProps {
  view: ViewName;
  counts: Record<ViewName, number>;
  width: number;
}

const NAME = 'tscontain ';
const HINT = '? help  q quit';

export function TabBar({ view, counts, width }: TabBarProps) {
  const labels = tabLabels(counts, width);
  const used = labels.reduce((n, l) => n + l.length, 0);
  const showName = used + NAME.length <= width;
  const showHint = used + NAME.length + HINT.length + 1 <= width;
  return (
    <Box>
      {showName ? <Text bold color="cyan">{NAME}</Text> : null}
      {VIEWS.map((name, i) => (
        <Text key={name} inverse={name === view} bold={name === view}>{labels[i]}</Text>
      ))}
      <Box flexGrow={1} />
      {showHint ? <Text dimColor>{HINT}</Text> : null}
    </Box>
  );
}

/** " 1 containers (3) " each; without the spaces around them when even that is too wide. */
export function tabLabels(counts: Record<ViewName, number>, width: number): string[] {
  const full = VIEWS.map((name, i) => ` ${i + 1} ${name} (${counts[name]}) `);
  if (full.reduce((n, l) => n + l.length, 0) <= width) return full;
  return VIEWS.map((name, i) => `${i + 1} ${name} ${counts[name]} `);
}
