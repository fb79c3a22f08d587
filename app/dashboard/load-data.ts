// One refresh tick's reads: containers, their stats, and the images,
// networks and volumes when they are on screen (or every few ticks, for the
// counts in the tab bar). Everything read is dispatched together at the end
// as one batch: Ink's root is a legacy React root, where each dispatch
// outside an input handler renders at once, so parts dispatched one by one
// drew two or three frames a second.
import type { Action, ViewName } from './state/dashboard-state.js';
import type { EnginePort } from './engine-port.js';
import { errorText } from './error-text.js';
import { recordStats, type StatsHistory } from './state/stats-history.js';

export const IMAGES_EVERY = 5;

/** Log lines read for the detail pane: as many as its tallest layout shows. */
export const DETAIL_LOG_LINES = 8;

/** The stats history, kept across ticks outside the React state (the reducer may skip a tick). */
export interface HistoryRef {
  current: Map<string, StatsHistory>;
}

/**
 * `selected` names the container whose detail pane is on screen, if any; it
 * is asked after the listing, so a container just removed is not looked up.
 */
export async function loadTick(
  port: EnginePort, view: ViewName, tick: number, dispatch: (a: Action) => void, history: HistoryRef,
  selected: () => string | undefined = () => undefined,
): Promise<void> {
  const actions: Action[] = [];
  try {
    const containers = await port.listContainers();
    actions.push({ type: 'containers', rows: containers });
    // A paused container still has its memory and processes to show.
    const running = containers.filter((c) => c.state === 'running' || c.state === 'paused').map((c) => c.id);
    const stats = running.length > 0 ? await port.stats(running) : new Map();
    history.current = recordStats(history.current, stats, new Set(containers.map((c) => c.id)));
    actions.push({ type: 'stats', stats, history: history.current });
    const shown = selected();
    if (shown !== undefined && containers.some((c) => c.id === shown)) {
      actions.push({ type: 'detail', view: 'containers', key: shown, detail: await port.containerDetail(shown, DETAIL_LOG_LINES) });
    }
    const every = tick % IMAGES_EVERY === 0;
    if (view === 'images' || every) actions.push({ type: 'images', rows: await port.listImages() });
    if (view === 'networks' || every) actions.push({ type: 'networks', rows: await port.listNetworks() });
    // No tick measures volumes: only the selected one is, by its detail pane (use-details.ts).
    if (view === 'volumes' || every) actions.push({ type: 'volumes', rows: await port.listVolumes() });
  } catch (err) {
    actions.push({ type: 'status', text: errorText(err), kind: 'error' });
  }
  dispatch(actions.length === 1 ? actions[0]! : { type: 'batch', actions });
}
