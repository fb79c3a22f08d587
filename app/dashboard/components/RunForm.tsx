// The "run a new container" form: one line per field, the focused one with
// a cursor and its hint, Tab/arrows between fields, Enter runs it detached.
import { Box, Text } from 'ink';
import { RUN_FIELDS, type RunFormState } from '../state/run-form.js';

export function RunForm({ form, height }: { form: RunFormState; height: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} height={height} overflow="hidden">
      <Text bold>Run a new container <Text dimColor>(detached)</Text></Text>
      {RUN_FIELDS.map((field, i) => {
        const focused = i === form.focus;
        const value = form.values[field.key];
        return (
          <Text key={field.key} wrap="truncate">
            <Text color={focused ? 'cyan' : undefined} bold={focused}>{focused ? '›' : ' '} {field.label.padEnd(8)}</Text>
            {value}
            {focused ? <Text inverse> </Text> : null}
            {focused || value === '' ? <Text dimColor>  {field.hint}</Text> : null}
          </Text>
        );
      })}
      <Text dimColor>{form.submitting ? 'starting…' : 'Tab/↓ next  Shift-Tab/↑ previous  Enter runs  Esc cancels'}</Text>
    </Box>
  );
}
