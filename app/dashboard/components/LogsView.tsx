// One container's log: the newest lines at the bottom while following, with
// timestamps, wrap, search matches highlighted, and the search and save
// prompts on the last line.
import { Box, Text } from 'ink';
import { bottomLine, lineText, type LogsState } from '../state/logs-state.js';
import { highlightPieces, logWindow } from '../log-window.js';

export function LogsView({ logs, width, height }: { logs: LogsState; width: number; height: number }) {
  const body = Math.max(1, height - 2);
  const texts = logs.lines.map((l) => lineText(l, logs.timestamps));
  const shown = logWindow(texts, bottomLine(logs), body, width, logs.wrap);
  const flags = [logs.follow ? 'following' : 'paused', logs.timestamps ? 'timestamps' : '', logs.wrap ? 'wrap' : '', logs.ended ? 'stopped' : '']
    .filter(Boolean).join(', ');
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Logs of {logs.name} <Text dimColor>({logs.lines.length} lines; {flags})  f follow  t time  w wrap  / search  Ctrl-s save  Esc back</Text>
      </Text>
      <Box flexDirection="column" height={body} overflow="hidden">
        {!logs.loaded ? <Text dimColor>loading…</Text> : null}
        {logs.loaded && logs.lines.length === 0 ? <Text dimColor>no output yet</Text> : null}
        {shown.flatMap((line) => line.rows.map((row, r) => (
          <Text key={`${line.index}:${r}`} wrap="truncate" inverse={line.index === logs.match}>
            {highlightPieces(row, logs.search).map((p, i) => (p.match ? <Text key={i} backgroundColor="yellow" color="black">{p.text}</Text> : p.text))}
          </Text>
        )))}
      </Box>
      <LogsPrompt logs={logs} />
    </Box>
  );
}

function LogsPrompt({ logs }: { logs: LogsState }) {
  if (logs.searchInput !== undefined) return <Text wrap="truncate">/{logs.searchInput}<Text inverse> </Text></Text>;
  if (logs.savePath !== undefined) return <Text wrap="truncate">Save to: {logs.savePath}<Text inverse> </Text> <Text dimColor>(Enter saves, Esc cancels)</Text></Text>;
  if (logs.search) {
    const needle = logs.search.toLowerCase();
    const hits = (l: LogsState['lines'][number]) => l.text.toLowerCase().includes(needle);
    const count = logs.lines.filter(hits).length;
    // Which match is current, as less says it: the n/N keys visibly move it.
    const at = logs.match === undefined ? '' : `, at ${logs.lines.slice(0, logs.match + 1).filter(hits).length}`;
    return <Text wrap="truncate" dimColor>search "{logs.search}": {count} matching lines{at}  n next  N previous  Esc clears</Text>;
  }
  return <Text> </Text>;
}
