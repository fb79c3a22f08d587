// Asks before a destructive action: y or Enter runs it, n or Esc does not.
import { Box, Text } from 'ink';

export function ConfirmDialog({ message }: { message: string }) {
  return (
    <Box borderStyle="round" borderColor="red" paddingX={1} flexDirection="column">
      <Text bold wrap="truncate">{message}</Text>
      <Text>
        <Text color="red" bold>y</Text> yes   <Text bold>n</Text> no
      </Text>
    </Box>
  );
}
