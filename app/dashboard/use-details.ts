// Reads the detail of the selected network, volume or image through the
// port when the selection moves or its row changes, and measures the
// selected volume's size (only that one, a little after the selection
// settles, again every REMEASURE_MS while it stays selected). Errors go to
// the status line; a reply for a row no longer selected is dropped. The
// selected container's detail is read when the selection moves only: the
// refresh reads it again each tick (load-data.ts), for its log lines.
import { useEffect, useMemo, useRef } from 'react';
import type { EnginePort } from './engine-port.js';
import type { Action, DashboardState } from './state/dashboard-state.js';
import type { DetailAction } from './state/detail-state.js';
import { selectedContainerId, selectedKey } from './state/visible-rows.js';
import { DETAIL_LOG_LINES } from './load-data.js';
import { errorText } from './error-text.js';

/** Scrolling through volumes does not walk each one passed over. */
export const SIZE_DELAY_MS = 150;
/**
 * A walk costs a syscall per file (a volume of 5000 files: ~0.2 s of CPU),
 * so the selected volume is measured again only each minute: idle in the
 * volumes view, every 10 s cost 2.1% of a core against 1% allowed.
 */
export const REMEASURE_MS = 60_000;

export function useDetails(port: EnginePort, state: DashboardState, dispatch: (a: Action) => void): void {
  const { view } = state;
  const rows = view === 'images' ? state.images : view === 'networks' ? state.networks : view === 'volumes' ? state.volumes : undefined;
  const list = state.lists[view];
  const key = useMemo(() => {
    if (!rows) return undefined;
    return selectedKey(state);
    // These keys depend on the rows and on `list` (filter, sort, selection) only, not on the stats.
  }, [view, rows, list]);

  // A network's pane marks stopped containers: read it again when one starts or stops (not on every status text change).
  const up = useMemo(() => (view === 'networks' ? state.containers.filter((c) => c.state !== 'created' && c.state !== 'exited').map((c) => c.id).join() : ''),
    [view, state.containers]);

  // A newly selected container's detail at once, not at the next tick; a failure just leaves the pane without it.
  const containerId = selectedContainerId(state);
  useEffect(() => {
    if (containerId === undefined) return;
    let current = true;
    port.containerDetail(containerId, DETAIL_LOG_LINES).then(
      (detail) => { if (current) dispatch({ type: 'detail', view: 'containers', key: containerId, detail }); },
      () => {},
    );
    return () => { current = false; };
  }, [port, dispatch, containerId]);

  const ticket = useRef(0);
  useEffect(() => {
    if (key === undefined || view === 'containers') return;
    const mine = ++ticket.current;
    const read: Promise<DetailAction> = view === 'images'
      ? port.imageDetail(key).then((detail) => ({ type: 'detail', view, key, detail }))
      : view === 'networks'
        ? port.networkDetail(key).then((detail) => ({ type: 'detail', view, key, detail }))
        : port.volumeDetail(key).then((detail) => ({ type: 'detail', view, key, detail }));
    read.then(
      (action) => { if (mine === ticket.current) dispatch(action); },
      (err: unknown) => { if (mine === ticket.current) dispatch({ type: 'status', text: errorText(err), kind: 'error' }); },
    );
  }, [port, dispatch, view, key, rows, up]);

  useEffect(() => {
    if (key === undefined || view !== 'volumes') return;
    let live = true;
    const measure = () => {
      port.volumeSize(key).then(
        (bytes) => { if (live) dispatch({ type: 'volumeSize', name: key, bytes }); },
        (err: unknown) => { if (live) dispatch({ type: 'status', text: errorText(err), kind: 'error' }); },
      );
    };
    let timer: NodeJS.Timeout | undefined;
    const first = setTimeout(() => { measure(); timer = setInterval(measure, REMEASURE_MS); }, SIZE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [port, dispatch, view, key]);
}
