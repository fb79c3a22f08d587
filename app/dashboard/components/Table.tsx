// A small table on Ink's Box: a header line, then the rows that fit in
// `height`, scrolled to keep the selected one visible. Each row is one Text,
// already padded to its columns, which keeps Ink's tree small. Rows are
// truncated to the width, so only vertical overflow is clipped: a horizontal
// clip makes Ink cut every line with slice-ansi on every frame.
import { useRef } from 'react';
import { Box, Text } from 'ink';
import { scrollWindow } from '../scroll-window.js';

export interface TableRow {
  key: string;
  text: string;
  dim?: boolean;
}

export interface TableProps {
  header: string;
  rows: readonly TableRow[];
  selected: number;
  marks: ReadonlySet<string>;
  height: number;
  empty: string;
  /** Told the index of the first row shown. */
  startRef?: { current: number } | undefined;
}

export function Table({ header, rows, selected, marks, height, empty, startRef }: TableProps) {
  const start = useRef(0);
  const bodyHeight = Math.max(1, height - 1);
  start.current = scrollWindow(start.current, selected, bodyHeight, rows.length);
  if (startRef) startRef.current = start.current;
  const shown = rows.slice(start.current, start.current + bodyHeight);
  const above = start.current;
  const below = rows.length - start.current - shown.length;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold wrap="truncate">{`  ${header}`}</Text>
      {rows.length === 0 ? <Text dimColor>{`  ${empty}`}</Text> : null}
      {shown.map((row, i) => {
        const index = start.current + i;
        // An unmarked row has no colour escape, so Ink need not tokenize it.
        const mark = marks.has(row.key) ? '*' : ' ';
        const edge = (i === 0 && above > 0) ? '↑' : (i === shown.length - 1 && below > 0) ? '↓' : ' ';
        return (
          <Text key={row.key} wrap="truncate" inverse={index === selected} dimColor={row.dim && index !== selected}>
            {mark === '*' ? <Text color="yellow">*</Text> : ' '}{edge}{row.text}
          </Text>
        );
      })}
    </Box>
  );
}
