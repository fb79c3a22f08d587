// Below the images, networks and volumes tables: what the selected object
// is, as the pure line builders in detail-lines/ lay it out for the width,
// cut to the pane's height.
import { Box, Text } from 'ink';
import type { DashboardState } from '../state/dashboard-state.js';
import { detailFor } from '../state/detail-state.js';
import { fitLines, type PaneLine, type Tone } from '../detail-lines/pane-lines.js';
import { networkLines } from '../detail-lines/network-lines.js';
import { volumeLines } from '../detail-lines/volume-lines.js';
import { imageLines } from '../detail-lines/image-lines.js';
import { imageKey } from '../columns/image-columns.js';

/** The pane's height under a list `height` rows tall; 0 when too short to show one. */
export function objectPaneHeight(height: number): number {
  return height < 12 ? 0 : Math.min(20, Math.floor(height * 0.45));
}

/** The selected object's lines; none when nothing is selected. */
export function objectLines(state: DashboardState, key: string | undefined, width: number, now: number): PaneLine[] {
  if (key === undefined) return [];
  switch (state.view) {
    case 'images': {
      const row = state.images.find((r) => imageKey(r) === key);
      return row ? imageLines(row, detailFor(state.details.images, key), width, now) : [];
    }
    case 'networks': {
      const row = state.networks.find((r) => r.name === key);
      return row ? networkLines(row, detailFor(state.details.networks, key), width, now) : [];
    }
    case 'volumes': {
      const row = state.volumes.find((r) => r.name === key);
      return row ? volumeLines(row, detailFor(state.details.volumes, key), state.volumeSizes.get(key), width, now) : [];
    }
    case 'containers': return [];
  }
}

const TONES: Record<Tone, { bold?: boolean; dimColor?: boolean; color?: string }> = {
  title: { bold: true }, label: { color: 'cyan' }, dim: { dimColor: true }, warn: { color: 'yellow' },
};

export function ObjectPane({ lines, height }: { lines: readonly PaneLine[]; height: number }) {
  const shown = fitLines(lines, height - 1);
  return (
    <Box flexDirection="column" height={height} borderStyle="single" borderBottom={false} borderLeft={false} borderRight={false}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.map((s, j) => (s.tone ? <Text key={j} {...TONES[s.tone]}>{s.text}</Text> : s.text))}
        </Text>
      ))}
    </Box>
  );
}
