// The dashboard's reducer: pure, so every key's effect on the state is
// unit-tested without rendering. Data actions return the same state object
// when nothing changed, so React skips the redraw.
import type { ContainerRow } from '../engine-port.js';
import { type Action, type DashboardState, type ListState, VIEWS } from './dashboard-state.js';
import { detailFigures, statsCellsText } from './stats-display.js';
import { applyPullEvent, openPull } from './pull-state.js';
import { logsReducer, openLogs } from './logs-state.js';
import { detailsReducer, withVolumeSize } from './detail-state.js';
import { moveFocus, openRunForm, setField } from './run-form.js';
import { helpLines } from '../help-entries.js';
import { selectedIndex, selectedKey, sortKeys, visibleKeys } from './visible-rows.js';

export function reducer(state: DashboardState, action: Action): DashboardState {
  switch (action.type) {
    case 'batch':
      return action.actions.reduce(reducer, state);
    case 'containers':
      if (state.loaded && sameContainers(state.containers, action.rows)) return state;
      return { ...state, containers: action.rows, loaded: true };
    case 'images':
      if (sameJson(state.images, action.rows)) return state;
      return { ...state, images: action.rows };
    case 'networks':
      if (sameJson(state.networks, action.rows)) return state;
      return { ...state, networks: action.rows };
    case 'volumes':
      if (sameJson(state.volumes, action.rows)) return state;
      return { ...state, volumes: action.rows };
    case 'stats': {
      const next = { ...state, stats: action.stats, history: action.history };
      const drawn = statsOnScreen(next);
      return drawn === state.drawnStats ? state : { ...next, drawnStats: drawn };
    }
    case 'resize':
      return state.columns === action.columns ? state : { ...state, columns: action.columns };
    case 'move':
    case 'moveTo': {
      const keys = visibleKeys(state);
      if (keys.length === 0) return state;
      const current = selectedIndex(keys, state.lists[state.view].selectedId);
      const target = action.type === 'moveTo' ? (action.where === 'top' ? 0 : keys.length - 1) : current + action.delta;
      const index = Math.max(0, Math.min(keys.length - 1, target));
      return updateList(state, { selectedId: keys[index] });
    }
    case 'selectIndex': {
      const keys = visibleKeys(state);
      const key = keys[action.index];
      return key === undefined ? state : updateList(state, { selectedId: key });
    }
    case 'mouseToggle':
      return { ...state, mouse: !state.mouse };
    case 'view':
      return { ...state, view: action.view, mode: 'normal' };
    case 'nextView':
      return { ...state, view: VIEWS[(VIEWS.indexOf(state.view) + 1) % VIEWS.length]!, mode: 'normal' };
    case 'filterStart':
      return { ...state, mode: 'filter' };
    case 'filterInput':
      return updateList({ ...state, mode: 'filter' }, { filter: action.text });
    case 'filterEnd':
      return updateList({ ...state, mode: 'normal' }, action.keep ? {} : { filter: '' });
    case 'toggleMark': {
      const keys = visibleKeys(state);
      const list = state.lists[state.view];
      const key = keys[selectedIndex(keys, list.selectedId)];
      if (key === undefined) return state;
      const marks = new Set(list.marks);
      if (marks.has(key)) marks.delete(key);
      else marks.add(key);
      // Marking moves down, as in file managers, so Space Space marks two rows.
      const next = keys[Math.min(keys.length - 1, keys.indexOf(key) + 1)];
      return updateList(state, { marks, selectedId: next });
    }
    case 'clearMarks':
      return state.lists[state.view].marks.size === 0 ? state : updateList(state, { marks: new Set() });
    case 'sortNext': {
      const keys = sortKeys(state.view);
      const i = keys.indexOf(state.lists[state.view].sortKey);
      return updateList(state, { sortKey: keys[(i + action.delta + keys.length) % keys.length]! });
    }
    case 'sortInvert':
      return updateList(state, { sortDesc: !state.lists[state.view].sortDesc });
    case 'help':
      return { ...state, mode: action.open ? 'help' : state.logs ? 'logs' : 'normal', helpScroll: 0 };
    case 'helpScroll':
      return { ...state, helpScroll: Math.max(0, Math.min(state.helpScroll + action.delta, helpLines().length)) };
    case 'confirm':
      return { ...state, mode: 'confirm', confirm: action.confirm };
    case 'confirmClose':
      return { ...state, mode: 'normal', confirm: undefined };
    case 'status':
      if (state.status?.text === action.text && state.status.kind === action.kind) return state;
      return { ...state, status: { text: action.text, kind: action.kind } };
    case 'pullOpen':
      return { ...state, mode: 'pull', pull: openPull() };
    case 'pullInput':
      return state.pull?.phase === 'input' ? { ...state, pull: { ...state.pull, text: action.text } } : state;
    case 'pullStarted':
      return state.pull ? { ...state, pull: { ...state.pull, phase: 'pulling', reference: action.ref } } : state;
    case 'pullEvent':
      return state.pull ? { ...state, pull: applyPullEvent(state.pull, action.event) } : state;
    case 'pullFinished':
      if (!state.pull) return state;
      return { ...state, pull: { ...state.pull, phase: action.error ? 'failed' : 'done', error: action.error } };
    case 'pullClose':
      return { ...state, mode: 'normal', pull: undefined };
    case 'logsOpen':
      return { ...state, mode: 'logs', logs: openLogs(action.id, action.name) };
    case 'logsClose':
      return { ...state, mode: 'normal', logs: undefined };
    case 'runOpen':
      return { ...state, view: 'containers', mode: 'run', runForm: openRunForm(action.image) };
    case 'runInput':
      return state.runForm && !state.runForm.submitting ? { ...state, runForm: setField(state.runForm, action.text) } : state;
    case 'runFocus':
      return state.runForm ? { ...state, runForm: moveFocus(state.runForm, action.delta) } : state;
    case 'runSubmitting':
      return state.runForm ? { ...state, runForm: { ...state.runForm, submitting: action.submitting } } : state;
    case 'runClose':
      return { ...state, mode: 'normal', runForm: undefined };
    case 'createOpen':
      return { ...state, view: `${action.kind}s`, mode: 'create', create: { kind: action.kind, text: '' } };
    case 'createInput':
      return state.create ? { ...state, create: { ...state.create, text: action.text } } : state;
    case 'createClose':
      return { ...state, mode: 'normal', create: undefined };
    case 'detail': {
      const details = detailsReducer(state.details, action);
      return details === state.details ? state : { ...state, details };
    }
    case 'volumeSize': {
      const volumeSizes = withVolumeSize(state.volumeSizes, action.name, action.bytes);
      return volumeSizes === state.volumeSizes ? state : { ...state, volumeSizes };
    }
    case 'logsAppend':
    case 'logsEnded':
    case 'logsToggle':
    case 'logsScroll':
    case 'logsScrollTo':
    case 'logsSearchInput':
    case 'logsSearch':
    case 'logsFind':
    case 'logsSavePrompt':
      return state.logs ? { ...state, logs: logsReducer(state.logs, action) } : state;
  }
}

function updateList(state: DashboardState, patch: Partial<ListState>): DashboardState {
  return { ...state, lists: { ...state.lists, [state.view]: { ...state.lists[state.view], ...patch } } };
}

/**
 * What of the stats is drawn: the stats cells of every row (so also their
 * order when sorted by them) and the selected container's charts. A tick
 * that draws the same keeps the old state, so an idle dashboard does not
 * re-render; its samples are not lost, the history is kept by the refresh.
 */
function statsOnScreen(s: DashboardState): string {
  const cells = statsCellsText(s.containers, s.stats);
  if (s.view !== 'containers') return cells;
  const id = selectedKey(s, 'containers');
  if (id === undefined) return cells;
  const figures = detailFigures(s.stats.get(id), s.history.get(id), s.columns);
  return `${cells}\n${id}\n${figures.cpuChart}\n${figures.memChart}`;
}

/** Field by field: two JSON texts of 50 rows every second were garbage for nothing. */
function sameContainers(a: readonly ContainerRow[], b: readonly ContainerRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.name !== y.name || x.image !== y.image || x.state !== y.state || x.status !== y.status
      || x.createdAt !== y.createdAt || x.startedAt !== y.startedAt || x.ports.length !== y.ports.length) return false;
    for (let j = 0; j < x.ports.length; j++) if (x.ports[j] !== y.ports[j]) return false;
  }
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
