// Starts the full-screen dashboard. Only app/main.ts loads this, and only by
// dynamic import, so plain commands never load Ink or React.
import { render } from 'ink';
import { openEngine, type EngineOptions } from '../../engine/engine.js';
import { errorText } from './error-text.js';
import { createEnginePort } from './create-engine-port.js';
import { App } from './components/App.js';

export interface LaunchOptions extends EngineOptions {
  stderr?: NodeJS.WritableStream;
}

export async function launchDashboard(opts: LaunchOptions = {}): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  if (process.geteuid?.() !== 0) {
    stderr.write('Error: the tscontain dashboard needs root to manage containers; run it with sudo (or use `tscontain --help` for commands)\n');
    return 1;
  }
  let engine;
  try {
    engine = await openEngine({ root: opts.root, configFile: opts.configFile });
  } catch (err) {
    stderr.write(`Error: ${errorText(err)}\n`);
    return 1;
  }
  // main.ts checked both ends are terminals; a CI variable must not make Ink hold frames.
  const instance = render(<App port={createEnginePort(engine)} />, { alternateScreen: true, exitOnCtrlC: false, interactive: true });
  await instance.waitUntilExit();
  return 0;
}
