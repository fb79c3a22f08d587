// Runs the effects the key map asks for against the engine port. Everything
// is async and reports into the status line; nothing here throws into React.
import { attachToContainer, runInteractiveExec } from '../cli/terminal/interactive.js';
import { useCallback, useEffect, useRef } from 'react';
import { useApp, useStdin, useStdout } from 'ink';
import { settleTerminal } from '../cli/terminal/settle-terminal.js';
import type { ContainerVerb, EnginePort } from './engine-port.js';
import type { Action, Effect } from './state/dashboard-state.js';
import { errorText } from './error-text.js';
import { humanSize } from '../format/units.js';
import { MOUSE_OFF, MOUSE_ON } from './mouse.js';

/** Lines of history the logs view starts with. */
const LOG_TAIL = 1000;

const DONE: Record<ContainerVerb, string> = {
  start: 'started', stop: 'stopped', restart: 'restarted', kill: 'killed', remove: 'removed', pause: 'paused', unpause: 'unpaused',
};
const DOING: Record<ContainerVerb, string> = {
  start: 'starting', stop: 'stopping', restart: 'restarting', kill: 'killing', remove: 'removing', pause: 'pausing', unpause: 'unpausing',
};

export function useEffectRunner(port: EnginePort, dispatch: (a: Action) => void, refresh: () => void): (e: Effect) => void {
  const { exit, suspendTerminal: suspendInk } = useApp();
  // Mode switches go straight to the terminal: they move no cursor, so Ink's frame stays in place.
  const { stdout } = useStdout();
  const { stdin } = useStdin();
  const write = useCallback((text: string) => { stdout.write(text); }, [stdout]);
  const mouse = useRef(false);
  useEffect(() => () => { if (mouse.current) write(MOUSE_OFF); }, [write]);
  // A shell or attached program gets a terminal without our mouse reporting, and gets it back after.
  const suspendTerminal = useCallback(async (fn: () => Promise<void>) => {
    const on = mouse.current;
    if (on) write(MOUSE_OFF);
    try {
      await suspendInk(async () => {
        try {
          await fn();
        } finally {
          // Before Ink draws again: its frame must start at a line's start, and the program's late terminal replies are not our keys.
          await settleTerminal({ stdin, stdout });
        }
      });
    } finally {
      if (on) write(MOUSE_ON);
    }
  }, [suspendInk, write, stdin, stdout]);
  const pull = useRef<AbortController | undefined>(undefined);
  const logs = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => { pull.current?.abort(); logs.current?.abort(); }, []);

  const status = useCallback((text: string, kind: 'info' | 'error' = 'info') => dispatch({ type: 'status', text, kind }), [dispatch]);

  return useCallback((effect: Effect) => {
    switch (effect.type) {
      case 'mouse':
        mouse.current = effect.on;
        write(effect.on ? MOUSE_ON : MOUSE_OFF);
        return;
      case 'quit':
        if (mouse.current) write(MOUSE_OFF);
        mouse.current = false;
        pull.current?.abort();
        logs.current?.abort();
        exit();
        return;
      case 'container':
        status(`${DOING[effect.verb]} ${effect.ids.length === 1 ? effect.ids[0]!.slice(0, 12) : `${effect.ids.length} containers`}…`);
        void eachId(effect.ids, (id) => port.containerAction(effect.verb, id)).then((failed) => {
          status(failed ?? `${DONE[effect.verb]} ${effect.ids.length} container${effect.ids.length === 1 ? '' : 's'}`, failed ? 'error' : 'info');
          refresh();
        });
        return;
      case 'removeImages':
        void eachId(effect.ids, (id) => port.removeImage(id, false)).then((failed) => {
          status(failed ?? `removed ${effect.ids.join(', ')}`, failed ? 'error' : 'info');
          refresh();
        });
        return;
      case 'remove': {
        const removeOne = (name: string) => (effect.kind === 'network' ? port.removeNetwork(name) : port.removeVolume(name));
        status(`removing ${effect.kind} ${shortNames(effect.names)}…`);
        void eachId(effect.names, (name) => removeOne(name)).then((failed) => {
          status(failed ?? `removed ${effect.kind} ${shortNames(effect.names)}`, failed ? 'error' : 'info');
          refresh();
        });
        return;
      }
      case 'prune': {
        status(`pruning ${effect.kind}s…`);
        const pruned = effect.kind === 'network'
          ? port.pruneNetworks().then((names) => `removed ${names.length} unused network${names.length === 1 ? '' : 's'}`)
          : port.pruneVolumes().then(({ deleted, reclaimed }) =>
            `removed ${deleted.length} unused anonymous volume${deleted.length === 1 ? '' : 's'}, ${humanSize(reclaimed)} reclaimed`);
        pruned.then((text) => { status(text); refresh(); }, (err: unknown) => status(errorText(err), 'error'));
        return;
      }
      case 'create': {
        const made = effect.kind === 'network' ? port.createNetwork(effect.name) : port.createVolume(effect.name);
        made.then((name) => { status(`created ${effect.kind} ${shortNames([name])}`); refresh(); }, (err: unknown) => status(errorText(err), 'error'));
        return;
      }
      case 'pull': {
        pull.current?.abort();
        const controller = new AbortController();
        pull.current = controller;
        port.pullImage(effect.ref, (event) => { if (!controller.signal.aborted) dispatch({ type: 'pullEvent', event }); }, controller.signal).then(
          () => { dispatch({ type: 'pullFinished', error: undefined }); refresh(); },
          (err: unknown) => { if (!controller.signal.aborted) dispatch({ type: 'pullFinished', error: errorText(err) }); },
        );
        return;
      }
      case 'cancelPull':
        pull.current?.abort();
        status('pull cancelled');
        return;
      case 'logs': {
        logs.current?.abort();
        const controller = new AbortController();
        logs.current = controller;
        port.streamLogs(effect.id, LOG_TAIL, (lines) => { if (!controller.signal.aborted) dispatch({ type: 'logsAppend', lines }); }, controller.signal).then(
          () => { if (!controller.signal.aborted) dispatch({ type: 'logsEnded' }); },
          (err: unknown) => { if (!controller.signal.aborted) { dispatch({ type: 'logsEnded' }); status(errorText(err), 'error'); } },
        );
        return;
      }
      case 'stopLogs':
        logs.current?.abort();
        logs.current = undefined;
        return;
      case 'saveLogs':
        status(`saving logs to ${effect.path}…`);
        port.saveLogs(effect.id, effect.path, effect.timestamps).then(
          (count) => status(`saved ${count} lines to ${effect.path}`),
          (err: unknown) => status(errorText(err), 'error'),
        );
        return;
      case 'exec':
        void port.execShellCommand(effect.id)
          .then(async (cmd) => {
            let code = 0;
            await suspendTerminal(async () => {
              code = await runInteractiveExec(cmd.file, cmd.args, { tty: true, stdin: true, signal: new AbortController().signal });
            });
            return code;
          })
          .then((code) => { status(`shell exited with code ${code}`); refresh(); }, (err: unknown) => status(errorText(err), 'error'));
        return;
      case 'run':
        status(`starting ${effect.request.image}…`);
        port.runContainer(effect.request).then(
          ({ name, warnings }) => {
            dispatch({ type: 'runClose' });
            status(`started ${name}${warnings.length > 0 ? ` (warning: ${warnings.join('; ')})` : ''}`);
            refresh();
          },
          (err: unknown) => { dispatch({ type: 'runSubmitting', submitting: false }); status(errorText(err), 'error'); },
        );
        return;
      case 'attach':
        void port.attachTarget(effect.id)
          .then(async (target) => {
            let detached = false;
            let exitCode: number | undefined;
            await suspendTerminal(async () => {
              // Ink left the alternate screen; say how to come back, as `docker attach` users expect.
              process.stdout.write(`attached to ${effect.name}; Ctrl-p Ctrl-q detaches\r\n`);
              ({ detached, exitCode } = await attachToContainer(target.socketDir, {
                tty: true, stdin: target.openStdin, signal: new AbortController().signal,
              }));
            });
            return detached ? `detached from ${effect.name}` : `${effect.name} exited${exitCode === undefined ? '' : ` with code ${exitCode}`}`;
          })
          .then((text) => { status(text); refresh(); }, (err: unknown) => status(errorText(err), 'error'));
        return;
    }
  }, [port, dispatch, refresh, exit, suspendTerminal, status]);
}

/** Names for the status line: anonymous volumes (64 hex) cut to 12 like IDs. */
function shortNames(names: readonly string[]): string {
  return names.map((n) => (/^[0-9a-f]{64}$/.test(n) ? n.slice(0, 12) : n)).join(', ');
}

/** Runs `fn` for each id in turn; the first error's text, if any. */
async function eachId(ids: readonly string[], fn: (id: string) => Promise<void>): Promise<string | undefined> {
  for (const id of ids) {
    try {
      await fn(id);
    } catch (err) {
      return errorText(err);
    }
  }
  return undefined;
}
