// The small input under the networks or volumes table that names a new one.
import { Box, Text } from 'ink';
import type { CreateState } from '../state/dashboard-state.js';

export function CreateInput({ create }: { create: CreateState }) {
  const hint = create.kind === 'volume' ? 'Enter creates (empty: anonymous), Esc cancels' : 'Enter creates a bridge network on a free subnet, Esc cancels';
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} flexDirection="column">
      <Text wrap="truncate">New {create.kind} name: {create.text}<Text inverse> </Text></Text>
      <Text dimColor wrap="truncate">{hint}</Text>
    </Box>
  );
}
