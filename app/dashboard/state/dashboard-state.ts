// The dashboard's whole state as plain data, and the actions that change it.
// Reducers live in reducer.ts and friends; nothing here touches the engine.
import type { ContainerRow, ContainerStats, ContainerVerb, ImageRow, NetworkRow, PullEvent, VolumeRow } from '../engine-port.js';
import type { StatsHistory } from './stats-history.js';
import type { PullState } from './pull-state.js';
import type { LogsAction, LogsState } from './logs-state.js';
import type { RunFormState, RunRequest } from './run-form.js';
import { initialDetails, type DetailAction, type DetailsState } from './detail-state.js';

export type ViewName = 'containers' | 'images' | 'networks' | 'volumes';
/** In tab order; the number keys 1-4 pick them. */
export const VIEWS: readonly ViewName[] = ['containers', 'images', 'networks', 'volumes'];

export type Mode = 'normal' | 'filter' | 'help' | 'confirm' | 'pull' | 'logs' | 'run' | 'create';

/** What the networks and volumes views manage, and what their effects act on. */
export type StoreObject = 'network' | 'volume';

/** The one-line input that names a new network or volume. */
export interface CreateState {
  kind: StoreObject;
  text: string;
}

export interface ListState {
  /** The selected row's key; selection follows the row across re-sorts. */
  selectedId: string | undefined;
  marks: ReadonlySet<string>;
  filter: string;
  sortKey: string;
  sortDesc: boolean;
}

/** Work the App runs against the engine; reducers only describe it. */
export type Effect =
  | { type: 'quit' }
  | { type: 'container'; verb: ContainerVerb; ids: string[] }
  | { type: 'removeImages'; ids: string[] }
  | { type: 'remove'; kind: StoreObject; names: string[] }
  | { type: 'prune'; kind: StoreObject }
  | { type: 'create'; kind: StoreObject; name: string }
  | { type: 'pull'; ref: string }
  | { type: 'cancelPull' }
  | { type: 'logs'; id: string; name: string }
  | { type: 'stopLogs' }
  | { type: 'saveLogs'; id: string; path: string; timestamps: boolean }
  | { type: 'exec'; id: string }
  | { type: 'attach'; id: string; name: string }
  | { type: 'run'; request: RunRequest }
  | { type: 'mouse'; on: boolean };

export interface ConfirmState {
  message: string;
  effect: Effect;
}

export interface StatusMessage {
  text: string;
  kind: 'info' | 'error';
}


export interface DashboardState {
  view: ViewName;
  mode: Mode;
  containers: ContainerRow[];
  images: ImageRow[];
  networks: NetworkRow[];
  volumes: VolumeRow[];
  stats: ReadonlyMap<string, ContainerStats>;
  /** Kept up to date in place by the refresh (see recordStats). */
  history: ReadonlyMap<string, StatsHistory>;
  lists: Record<ViewName, ListState>;
  confirm: ConfirmState | undefined;
  pull: PullState | undefined;
  logs: LogsState | undefined;
  runForm: RunFormState | undefined;
  create: CreateState | undefined;
  status: StatusMessage | undefined;
  /** Whether the first load has finished. */
  loaded: boolean;
  /** The stats cells and the selected container's charts as last drawn: a tick that would draw the same is skipped. */
  drawnStats: string;
  /** Rows the help overlay is scrolled by. */
  helpScroll: number;
  /** Whether the dashboard captures the mouse (off: the terminal selects text). */
  mouse: boolean;
  /** Terminal width, for what the charts show. */
  columns: number;
  /** The selected row's details, for the panes: a container's inspect summary and latest log lines, a network's, volume's or image's. */
  details: DetailsState;
  /** Volume sizes measured for the detail pane, by name. */
  volumeSizes: ReadonlyMap<string, number>;
}

export type Action =
  | { type: 'containers'; rows: ContainerRow[] }
  | { type: 'images'; rows: ImageRow[] }
  | { type: 'networks'; rows: NetworkRow[] }
  | { type: 'volumes'; rows: VolumeRow[] }
  /** One tick's stats and the history including them (kept by the refresh, outside the state). */
  | { type: 'stats'; stats: ReadonlyMap<string, ContainerStats>; history: ReadonlyMap<string, StatsHistory> }
  /** Several data actions applied as one update: a refresh tick renders once, not once per part. */
  | { type: 'batch'; actions: Action[] }
  | { type: 'resize'; columns: number }
  | { type: 'move'; delta: number }
  | { type: 'moveTo'; where: 'top' | 'bottom' }
  /** Selects the row at this index of the visible rows (a click). */
  | { type: 'selectIndex'; index: number }
  | { type: 'mouseToggle' }
  | { type: 'helpScroll'; delta: number }
  | { type: 'view'; view: ViewName }
  | { type: 'nextView' }
  | { type: 'filterStart' }
  | { type: 'filterInput'; text: string }
  | { type: 'filterEnd'; keep: boolean }
  | { type: 'toggleMark' }
  | { type: 'clearMarks' }
  | { type: 'sortNext'; delta: number }
  | { type: 'sortInvert' }
  | { type: 'help'; open: boolean }
  | { type: 'confirm'; confirm: ConfirmState }
  | { type: 'confirmClose' }
  | { type: 'status'; text: string; kind: StatusMessage['kind'] }
  | { type: 'pullOpen' }
  | { type: 'pullInput'; text: string }
  | { type: 'pullStarted'; ref: string }
  | { type: 'pullEvent'; event: PullEvent }
  | { type: 'pullFinished'; error: string | undefined }
  | { type: 'pullClose' }
  | { type: 'logsOpen'; id: string; name: string }
  | { type: 'logsClose' }
  /** `image` fills the form's image field (n on the images view). */
  | { type: 'runOpen'; image?: string }
  | { type: 'runInput'; text: string }
  | { type: 'runFocus'; delta: number }
  | { type: 'runSubmitting'; submitting: boolean }
  | { type: 'runClose' }
  | { type: 'createOpen'; kind: StoreObject }
  | { type: 'createInput'; text: string }
  | { type: 'createClose' }
  | LogsAction
  | DetailAction;

export function initialList(sortKey: string, sortDesc: boolean): ListState {
  return { selectedId: undefined, marks: new Set(), filter: '', sortKey, sortDesc };
}

export function initialState(): DashboardState {
  return {
    view: 'containers',
    mode: 'normal',
    containers: [],
    images: [],
    networks: [],
    volumes: [],
    stats: new Map(),
    history: new Map(),
    lists: {
      containers: initialList('created', true), images: initialList('created', true),
      networks: initialList('name', false), volumes: initialList('name', false),
    },
    confirm: undefined,
    pull: undefined,
    logs: undefined,
    runForm: undefined,
    create: undefined,
    status: undefined,
    loaded: false,
    columns: 80,
    mouse: false,
    drawnStats: '',
    helpScroll: 0,
    details: initialDetails(),
    volumeSizes: new Map(),
  };
}
