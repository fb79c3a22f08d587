// The door to the interactive-terminal library (app/cli/terminal/
// interactive.ts, node-pty and the attach-protocol client). Loaded only on
// the paths that need a terminal or the attach socket, so plain commands never
// load node-pty. The specifier is a literal, so the bundler (scripts/bundle.sh)
// makes the module a lazy chunk of its own; node-pty itself stays external.
import { TscontainError } from '../../../engine/errors.js';

export interface InteractiveModule {
  runInteractiveExec(file: string, args: string[], opts: { tty: boolean; stdin: boolean; signal: AbortSignal }): Promise<number>;
  attachToContainer(socketPath: string, opts: {
    tty: boolean;
    stdin: boolean;
    detachKeys?: string;
    logPath?: string;
    signal: AbortSignal;
  }): Promise<{ exitCode: number | undefined; detached: boolean }>;
}

export async function loadInteractive(): Promise<InteractiveModule> {
  try {
    return (await import('../terminal/interactive.js')) as InteractiveModule;
  } catch (err) {
    throw new TscontainError('INTERACTIVE_UNAVAILABLE', 'interactive terminals are not available in this build', {
      cause: err,
      fields: { exitStatus: 125 },
    });
  }
}
