// Renders the dashboard on the terminal until it quits. Loaded by launch.ts
// only after NODE_ENV is settled, since importing this loads Ink and React.
import { render } from 'ink';
import type { Engine } from '../../engine/engine.js';
import { createEnginePort } from './create-engine-port.js';
import { App } from './components/App.js';

export async function renderDashboard(engine: Engine): Promise<void> {
  // main.ts checked both ends are terminals; a CI variable must not make Ink hold frames.
  // Not incrementalRendering: with it, a line that changed (the logs view's save prompt) stayed stale under a pty (e2e test).
  const instance = render(<App port={createEnginePort(engine)} />, { alternateScreen: true, exitOnCtrlC: false, interactive: true });
  await instance.waitUntilExit();
}
