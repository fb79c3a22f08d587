// Starts the full-screen dashboard. Only app/main.ts loads this, and only by
// dynamic import, so plain commands never load Ink or React.
import { openEngine, type EngineOptions } from '../../engine/engine.js';
import { errorText } from './error-text.js';

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
  // React picks its build from NODE_ENV when it first loads, so this must be
  // set before anything imports Ink or React (hence the dynamic import): the
  // development build (prop checks, component stacks, render logging) costs
  // the idle dashboard several times the CPU. An explicit NODE_ENV wins.
  process.env.NODE_ENV ??= 'production';
  const { renderDashboard } = await import('./render-dashboard.js');
  await renderDashboard(engine);
  return 0;
}
