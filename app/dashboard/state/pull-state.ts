// The pull dialog: a text input, then one progress row per layer, fed by the
// engine's PullEvents.
import type { PullEvent } from '../engine-port.js';
import type { LayerState } from '../../../engine/pull/pull-events.js';

export interface LayerRow {
  digest: string;
  state: LayerState;
  done: number;
  total: number;
  message: string | undefined;
}

export interface PullState {
  phase: 'input' | 'pulling' | 'done' | 'failed';
  text: string;
  reference: string | undefined;
  platform: string | undefined;
  layers: LayerRow[];
  error: string | undefined;
}

export function openPull(): PullState {
  return { phase: 'input', text: '', reference: undefined, platform: undefined, layers: [], error: undefined };
}

export function applyPullEvent(state: PullState, event: PullEvent): PullState {
  switch (event.type) {
    case 'resolving':
      return { ...state, reference: event.reference };
    case 'resolved':
      return {
        ...state,
        reference: event.reference,
        platform: event.platform,
        layers: event.layers.map((l) => ({ digest: l.digest, state: 'waiting', done: 0, total: l.size, message: undefined })),
      };
    case 'layer': {
      const row: LayerRow = { digest: event.digest, state: event.state, done: event.done, total: event.total, message: event.message };
      const index = state.layers.findIndex((l) => l.digest === event.digest);
      const layers = index < 0 ? [...state.layers, row] : state.layers.map((l, i) => (i === index ? row : l));
      return { ...state, layers };
    }
    case 'complete':
      return { ...state, phase: 'done', reference: event.reference };
  }
}

/** Overall fraction done, by bytes, 0..1. */
export function pullFraction(state: PullState): number {
  const total = state.layers.reduce((sum, l) => sum + l.total, 0);
  if (total === 0) return state.phase === 'done' ? 1 : 0;
  const done = state.layers.reduce((sum, l) => sum + (l.state === 'exists' || l.state === 'done' ? l.total : Math.min(l.done, l.total)), 0);
  return done / total;
}
