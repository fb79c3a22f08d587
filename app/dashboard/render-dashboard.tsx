// Renders the dashboard on the terminal until it quits. Loaded by launch.ts
// only after NODE_ENV is settled, since importing this loads Ink and React.
import { render } from 'ink';
import type { Engine } from '../../engine/engine.js';
import { createEnginePort } from './create-engine-port.js';
import { App } from './components/App.js';

export async function renderDashboard(engine: Engine): Promise<void> {
  // main.ts checked both ends are terminals; a CI variable must not make Ink hold frames.
  // Incremental: a frame rewrites only its changed lines (a stats tick is a few cells), not the whole screen.
  const instance = render(<App port={createEnginePort(engine)} />, {
    alternateScreen: true, exitOnCtrlC: false, interactive: true, incrementalRendering: true,
  });
  await instance.waitUntilExit();
}
