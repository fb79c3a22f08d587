// The `?` overlay: every key, by section.
import { Box, Text } from 'ink';
import { HELP } from '../help-entries.js';

export function HelpOverlay({ height }: { height: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} height={height} overflow="hidden">
      <Text bold>Keys  <Text dimColor>(Esc or ? closes)</Text></Text>
      <Box flexDirection="row" flexWrap="wrap" columnGap={4}>
        {HELP.map((section) => (
          <Box key={section.title} flexDirection="column">
            <Text bold color="cyan">{section.title}</Text>
            {section.keys.map(([keys, what]) => (
              <Text key={keys}>
                <Text color="yellow">{keys.padEnd(12)}</Text>{what}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
