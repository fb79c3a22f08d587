// The bottom line: the filter being typed, else the last message (errors in
// red), else the marks and the filter in effect; and the mouse mode.
import { Box, Text } from 'ink';
import type { DashboardState } from '../state/dashboard-state.js';

/** The status line, with whether the mouse is captured at its right end. */
export function StatusLine({ state }: { state: DashboardState }) {
  // The filter being typed has the line to itself.
  if (state.mode === 'filter') return <StatusText state={state} />;
  return (
    <Box>
      <Box flexGrow={1} flexShrink={1} overflow="hidden"><StatusText state={state} /></Box>
      {/* Never shrunk: a long message is cut instead of wrapping the hint onto a second line. */}
      <Box flexShrink={0}><Text dimColor>{state.mouse ? ' mouse on (m)' : ' mouse off (m)'}</Text></Box>
    </Box>
  );
}

function StatusText({ state }: { state: DashboardState }) {
  const list = state.lists[state.view];
  if (state.mode === 'filter') {
    return <Text wrap="truncate">/{list.filter}<Text inverse> </Text></Text>;
  }
  const parts: string[] = [];
  if (list.filter) parts.push(`filter: ${list.filter}`);
  if (list.marks.size > 0) parts.push(`${list.marks.size} marked`);
  const info = parts.join('  ');
  if (state.status) {
    return (
      <Text wrap="truncate" color={state.status.kind === 'error' ? 'red' : 'green'}>
        {state.status.kind === 'error' ? 'Error: ' : ''}{state.status.text}{info ? `  ${info}` : ''}
      </Text>
    );
  }
  return <Text wrap="truncate" dimColor>{info || (state.loaded ? ' ' : 'loading…')}</Text>;
}
