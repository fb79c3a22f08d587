// The keyboard map: a key press in a given state becomes reducer actions and
// at most one effect for the App to run. Pure; help-entries.ts lists the
// same keys for the `?` overlay.
import type { Key } from 'ink';
import type { Action, DashboardState, Effect, StoreObject } from './dashboard-state.js';
import type { ContainerRow } from '../engine-port.js';
import { targets } from './visible-rows.js';
import { defaultSavePath } from './logs-state.js';
import { focusedField, runRequest } from './run-form.js';

export interface KeyResult {
  actions: Action[];
  effect?: Effect;
}

const PAGE = 10;
const none: KeyResult = { actions: [] };
const act = (...actions: Action[]): KeyResult => ({ actions });
const run = (effect: Effect, ...actions: Action[]): KeyResult => ({ actions, effect });

export function interpretKey(state: DashboardState, input: string, key: Key): KeyResult {
  if (key.ctrl && input === 'c') return state.pull?.phase === 'pulling' ? run({ type: 'quit' }, { type: 'pullClose' }) : run({ type: 'quit' });
  switch (state.mode) {
    case 'help':
      if (input === 'j' || key.downArrow) return act({ type: 'helpScroll', delta: 1 });
      if (input === 'k' || key.upArrow) return act({ type: 'helpScroll', delta: -1 });
      if (key.pageDown || input === ' ') return act({ type: 'helpScroll', delta: PAGE });
      if (key.pageUp) return act({ type: 'helpScroll', delta: -PAGE });
      return key.escape || input === '?' || input === 'q' ? act({ type: 'help', open: false }) : none;
    case 'confirm':
      if (input === 'y' || input === 'Y' || key.return) return state.confirm ? run(state.confirm.effect, { type: 'confirmClose' }) : none;
      return key.escape || input === 'n' || input === 'N' || input === 'q' ? act({ type: 'confirmClose' }) : none;
    case 'filter':
      return editText(state.lists[state.view].filter, input, key, {
        change: (text) => ({ type: 'filterInput', text }),
        cancel: act({ type: 'filterEnd', keep: false }),
        submit: () => act({ type: 'filterEnd', keep: true }),
      });
    case 'pull':
      return pullKey(state, input, key);
    case 'logs':
      return logsKey(state, input, key);
    case 'run':
      return runKey(state, input, key);
    case 'create':
      return createKey(state, input, key);
    case 'normal':
      return normalKey(state, input, key);
  }
}

function normalKey(state: DashboardState, input: string, key: Key): KeyResult {
  if (input === 'q') return run({ type: 'quit' });
  if (input === '?') return act({ type: 'help', open: true });
  if (input === 'j' || key.downArrow) return act({ type: 'move', delta: 1 });
  if (input === 'k' && !key.ctrl) return act({ type: 'move', delta: -1 });
  if (key.upArrow) return act({ type: 'move', delta: -1 });
  if (key.pageDown) return act({ type: 'move', delta: PAGE });
  if (key.pageUp) return act({ type: 'move', delta: -PAGE });
  if (input === 'g' || key.home) return act({ type: 'moveTo', where: 'top' });
  if (input === 'G' || key.end) return act({ type: 'moveTo', where: 'bottom' });
  if (key.tab) return act({ type: 'nextView' });
  if (input === '1') return act({ type: 'view', view: 'containers' });
  if (input === '2') return act({ type: 'view', view: 'images' });
  if (input === '3') return act({ type: 'view', view: 'networks' });
  if (input === '4') return act({ type: 'view', view: 'volumes' });
  if (input === '/') return act({ type: 'filterStart' });
  if (input === ' ') return act({ type: 'toggleMark' });
  if (key.escape) return act({ type: 'clearMarks' }, { type: 'filterEnd', keep: false });
  if (input === '>') return act({ type: 'sortNext', delta: 1 });
  if (input === '<') return act({ type: 'sortNext', delta: -1 });
  if (input === 'I') return act({ type: 'sortInvert' });
  if (input === 'p') return act({ type: 'view', view: 'images' }, { type: 'pullOpen' });
  if (input === 'm') return run({ type: 'mouse', on: !state.mouse }, { type: 'mouseToggle' });
  const remove = (key.ctrl && input === 'd') || input === 'D';
  if (state.view === 'networks') return storeObjectKey(state, 'network', input, remove);
  if (state.view === 'volumes') return storeObjectKey(state, 'volume', input, remove);
  if (input === 'n') {
    // On the images view, the selected image (a tag, or the ID of an untagged one) fills the form.
    const image = state.view === 'images' ? targets(state)[0]?.replace(/^sha256:/, '') : undefined;
    return act(image ? { type: 'runOpen', image } : { type: 'runOpen' });
  }
  if (state.view === 'images') {
    if (!remove) return none;
    const ids = targets(state);
    if (ids.length === 0) return nothingSelected();
    return act({ type: 'confirm', confirm: { message: `Remove image ${ids.join(', ')}?`, effect: { type: 'removeImages', ids } } });
  }
  return containerKey(state, input, key, remove);
}

function containerKey(state: DashboardState, input: string, key: Key, remove: boolean): KeyResult {
  const verbKey = input === 's' || input === 'r' || input === 'l' || input === 'e' || input === 'a' || input === 'z' || remove || (key.ctrl && input === 'k');
  if (!verbKey) return none;
  const ids = targets(state);
  if (ids.length === 0) return nothingSelected();
  const rows = state.containers.filter((c) => ids.includes(c.id));
  const names = rows.map((c) => c.name).join(', ');
  const first = rows[0]!;
  // A paused container is still up: s stops it (the engine thaws it so the signal lands), as docker stop does.
  if (input === 's') return run({ type: 'container', verb: first.state === 'running' || first.state === 'paused' ? 'stop' : 'start', ids });
  if (input === 'z') return pauseKey(rows);
  if (input === 'r') return run({ type: 'container', verb: 'restart', ids });
  if (input === 'l') return run({ type: 'logs', id: first.id, name: first.name }, { type: 'logsOpen', id: first.id, name: first.name });
  if (input === 'e') return run({ type: 'exec', id: first.id });
  if (input === 'a') return run({ type: 'attach', id: first.id, name: first.name });
  if (remove) return act({ type: 'confirm', confirm: { message: `Remove container ${names}?${runningNote(rows)}`, effect: { type: 'container', verb: 'remove', ids } } });
  return act({ type: 'confirm', confirm: { message: `Kill container ${names}?`, effect: { type: 'container', verb: 'kill', ids } } });
}

/** Remove forces (as `rm -f`, lazydocker's force prompt): the confirmation says which are up. */
function runningNote(rows: readonly ContainerRow[]): string {
  const up = rows.filter((c) => c.state === 'running' || c.state === 'paused').map((c) => c.name);
  if (up.length === 0) return '';
  return up.length === 1 ? ` ${up[0]} is running: it is killed first.` : ` ${up.join(', ')} are running: they are killed first.`;
}

/**
 * z: pauses the running ones among the targets; when none runs unpaused,
 * unpauses the paused ones. Others are left out, so a mixed selection does
 * not stop at the first container the verb does not apply to.
 */
function pauseKey(rows: readonly ContainerRow[]): KeyResult {
  const running = rows.filter((c) => c.state === 'running').map((c) => c.id);
  if (running.length > 0) return run({ type: 'container', verb: 'pause', ids: running });
  const paused = rows.filter((c) => c.state === 'paused').map((c) => c.id);
  if (paused.length > 0) return run({ type: 'container', verb: 'unpause', ids: paused });
  return act({ type: 'status', text: 'not running: only a running container can be paused', kind: 'info' });
}

/** Networks and volumes: n creates, D removes, P prunes; the destructive ones confirm. */
function storeObjectKey(state: DashboardState, kind: StoreObject, input: string, remove: boolean): KeyResult {
  if (input === 'n') return act({ type: 'createOpen', kind });
  if (input === 'P') {
    const what = kind === 'network' ? 'networks no container is attached to' : 'anonymous volumes no container uses';
    return act({ type: 'confirm', confirm: { message: `Remove all ${what}?`, effect: { type: 'prune', kind } } });
  }
  if (!remove) return none;
  const names = targets(state);
  if (names.length === 0) return nothingSelected();
  const shown = names.map((n) => (/^[0-9a-f]{64}$/.test(n) ? n.slice(0, 12) : n)).join(', ');
  return act({ type: 'confirm', confirm: { message: `Remove ${kind} ${shown}?`, effect: { type: 'remove', kind, names } } });
}

function createKey(state: DashboardState, input: string, key: Key): KeyResult {
  const create = state.create;
  if (!create) return act({ type: 'createClose' });
  return editText(create.text, input, key, {
    change: (text) => ({ type: 'createInput', text }),
    cancel: act({ type: 'createClose' }),
    // A volume may be anonymous (no name), as `volume create` allows; a network needs one.
    submit: (text) => (text.trim() || create.kind === 'volume'
      ? run({ type: 'create', kind: create.kind, name: text.trim() }, { type: 'createClose' })
      : act({ type: 'status', text: 'a network needs a name', kind: 'error' })),
  });
}

function pullKey(state: DashboardState, input: string, key: Key): KeyResult {
  const pull = state.pull;
  if (!pull) return act({ type: 'pullClose' });
  if (pull.phase === 'pulling') return key.escape ? run({ type: 'cancelPull' }, { type: 'pullClose' }) : none;
  if (pull.phase !== 'input') return key.escape || key.return || input === 'q' ? act({ type: 'pullClose' }) : none;
  return editText(pull.text, input, key, {
    change: (text) => ({ type: 'pullInput', text }),
    cancel: act({ type: 'pullClose' }),
    submit: (text) => (text.trim() ? run({ type: 'pull', ref: text.trim() }, { type: 'pullStarted', ref: text.trim() }) : none),
  });
}

function runKey(state: DashboardState, input: string, key: Key): KeyResult {
  const form = state.runForm;
  if (!form) return act({ type: 'runClose' });
  if (key.escape) return act({ type: 'runClose' });
  if (form.submitting) return none;
  if (key.tab || key.downArrow) return act({ type: 'runFocus', delta: key.shift ? -1 : 1 });
  if (key.upArrow) return act({ type: 'runFocus', delta: -1 });
  return editText(form.values[focusedField(form)], input, key, {
    change: (text) => ({ type: 'runInput', text }),
    cancel: act({ type: 'runClose' }),
    submit: () => {
      const result = runRequest(form);
      if ('error' in result) return act({ type: 'status', text: result.error, kind: 'error' });
      return run({ type: 'run', request: result.request }, { type: 'runSubmitting', submitting: true });
    },
  });
}

function logsKey(state: DashboardState, input: string, key: Key): KeyResult {
  const logs = state.logs;
  if (!logs) return act({ type: 'logsClose' });
  if (logs.searchInput !== undefined) {
    return editText(logs.searchInput, input, key, {
      change: (text) => ({ type: 'logsSearchInput', text }),
      cancel: act({ type: 'logsSearchInput', text: undefined }),
      submit: (text) => act({ type: 'logsSearch', text }),
    });
  }
  if (logs.savePath !== undefined) {
    return editText(logs.savePath, input, key, {
      change: (text) => ({ type: 'logsSavePrompt', text }),
      cancel: act({ type: 'logsSavePrompt', text: undefined }),
      submit: (text) => (text.trim()
        ? run({ type: 'saveLogs', id: logs.id, path: text.trim(), timestamps: logs.timestamps }, { type: 'logsSavePrompt', text: undefined })
        : none),
    });
  }
  if (key.escape || input === 'q') {
    // Esc first clears a search in effect, then leaves.
    if (key.escape && logs.search) return act({ type: 'logsSearch', text: '' });
    return run({ type: 'stopLogs' }, { type: 'logsClose' });
  }
  if (input === 'f') return act({ type: 'logsToggle', what: 'follow' });
  if (input === 't') return act({ type: 'logsToggle', what: 'timestamps' });
  if (input === 'w') return act({ type: 'logsToggle', what: 'wrap' });
  if (input === '/') return act({ type: 'logsSearchInput', text: '' });
  if (input === 'n') return act({ type: 'logsFind', direction: 1 });
  if (input === 'N') return act({ type: 'logsFind', direction: -1 });
  if ((key.ctrl && input === 's') || input === 'S') return act({ type: 'logsSavePrompt', text: defaultSavePath(logs.name) });
  if (input === 'j' || key.downArrow) return act({ type: 'logsScroll', delta: 1 });
  if (input === 'k' || key.upArrow) return act({ type: 'logsScroll', delta: -1 });
  if (key.pageDown || (key.ctrl && input === 'f')) return act({ type: 'logsScroll', delta: PAGE });
  if (key.pageUp || (key.ctrl && input === 'b')) return act({ type: 'logsScroll', delta: -PAGE });
  if (input === 'g' || key.home) return act({ type: 'logsScrollTo', where: 'top' });
  if (input === 'G' || key.end) return act({ type: 'logsScrollTo', where: 'bottom' });
  if (input === '?') return act({ type: 'help', open: true });
  return none;
}

interface TextHandlers {
  change(text: string): Action;
  cancel: KeyResult;
  submit(text: string): KeyResult;
}

/** A one-line text input: printable keys append, Backspace deletes, Esc and Enter end. */
export function editText(text: string, input: string, key: Key, on: TextHandlers): KeyResult {
  if (key.escape) return on.cancel;
  if (key.return) return on.submit(text);
  if (key.backspace || key.delete) return act(on.change([...text].slice(0, -1).join('')));
  if (key.ctrl && input === 'u') return act(on.change(''));
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return none;
  if (!input || /[\u0000-\u001f\u007f]/.test(input)) return none;
  return act(on.change(text + input));
}

function nothingSelected(): KeyResult {
  return act({ type: 'status', text: 'nothing selected', kind: 'info' });
}
