// Keys that reach us in one read. Ink hands a burst of input over as one
// string ("jjS" from a fast typist, a slow ssh link or a script), which no
// single-key binding matches, so a burst of printable characters is taken
// key by key, each seeing the state the previous one left. Text fields get
// the same characters appended one at a time, which is the same text.
import type { Key } from 'ink';
import type { Action, DashboardState, Effect } from './dashboard-state.js';
import { interpretKey } from './keys.js';
import { reducer } from './reducer.js';

const PRINTABLE_BURST = /^[\x20-\x7e]{2,}$/;

export interface ChunkResult {
  actions: Action[];
  effects: Effect[];
  /** The state once the actions are applied, which the next chunk must see before React renders. */
  state: DashboardState;
}

export function interpretChunk(state: DashboardState, input: string, key: Key): ChunkResult {
  if (key.ctrl || key.meta || !PRINTABLE_BURST.test(input)) {
    const one = interpretKey(state, input, key);
    return { actions: one.actions, effects: one.effect ? [one.effect] : [], state: one.actions.reduce(reducer, state) };
  }
  const out: ChunkResult = { actions: [], effects: [], state };
  for (const ch of input) {
    const one = interpretKey(out.state, ch, { ...key, shift: ch >= 'A' && ch <= 'Z' });
    out.state = one.actions.reduce(reducer, out.state);
    out.actions.push(...one.actions);
    if (one.effect) out.effects.push(one.effect);
  }
  return out;
}
