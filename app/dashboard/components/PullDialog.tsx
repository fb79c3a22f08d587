// The pull dialog: the reference being typed, then one progress bar per
// layer as the engine reports it.
import { Box, Text } from 'ink';
import { humanSize } from '../../format/units.js';
import { progressBar } from '../progress-bar.js';
import { pullFraction, type LayerRow, type PullState } from '../state/pull-state.js';

export interface PullDialogProps {
  pull: PullState;
  width: number;
  height: number;
}

export function PullDialog({ pull, width, height }: PullDialogProps) {
  const barWidth = Math.max(10, Math.min(40, width - 50));
  const layers = pull.layers.slice(0, Math.max(0, height - 6));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} height={height} overflow="hidden">
      <Text bold>Pull an image</Text>
      {pull.phase === 'input' ? (
        <>
          <Text>Image: {pull.text}<Text inverse> </Text></Text>
          <Text dimColor>Enter pulls, Esc cancels</Text>
        </>
      ) : (
        <>
          <Text wrap="truncate">
            {pull.reference ?? pull.text}{pull.platform ? ` (${pull.platform})` : ''}  {progressBar(pullFraction(pull), barWidth)} {Math.floor(pullFraction(pull) * 100)}%
          </Text>
          {layers.map((layer) => <LayerLine key={layer.digest} layer={layer} barWidth={barWidth} />)}
          {pull.layers.length > layers.length ? <Text dimColor>… {pull.layers.length - layers.length} more layers</Text> : null}
          <PullFooter pull={pull} />
        </>
      )}
    </Box>
  );
}

function LayerLine({ layer, barWidth }: { layer: LayerRow; barWidth: number }) {
  const short = layer.digest.replace(/^sha256:/, '').slice(0, 12);
  const finished = layer.state === 'done' || layer.state === 'exists';
  const fraction = finished ? 1 : layer.total > 0 ? layer.done / layer.total : 0;
  const color = layer.state === 'failed' ? 'red' : finished ? 'green' : layer.state === 'retrying' ? 'yellow' : undefined;
  return (
    <Text wrap="truncate">
      {short} <Text color={color}>{progressBar(fraction, barWidth)}</Text> {layer.state.padEnd(11)} {humanSize(finished ? layer.total : layer.done)}/{humanSize(layer.total)}
      {layer.message ? <Text dimColor> {layer.message}</Text> : null}
    </Text>
  );
}

function PullFooter({ pull }: { pull: PullState }) {
  if (pull.phase === 'pulling') return <Text dimColor>Esc cancels the pull</Text>;
  if (pull.phase === 'failed') return <Text color="red" wrap="truncate">Error: {pull.error}  <Text dimColor>(Esc closes)</Text></Text>;
  return <Text color="green">Pulled {pull.reference}  <Text dimColor>(Esc closes)</Text></Text>;
}
