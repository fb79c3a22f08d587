// The dashboard: state in one reducer, keys through the pure key map, engine
// work through the effect runner, data through a one-second refresh.
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, useInput, useStdin, useWindowSize } from 'ink';
import { isMouseReport, mouseAction, parseMouse } from '../mouse.js';
import type { EnginePort } from '../engine-port.js';
import { initialState } from '../state/dashboard-state.js';
import { reducer } from '../state/reducer.js';
import { interpretChunk } from '../state/key-chunks.js';
import { useRefresh } from '../use-refresh.js';
import { useEffectRunner } from '../use-effect-runner.js';
import { useDetails } from '../use-details.js';
import { loadTick, type HistoryRef } from '../load-data.js';
import { selectedContainerId } from '../state/visible-rows.js';
import { TabBar } from './TabBar.js';
import { StatusLine } from './StatusLine.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { PullDialog } from './PullDialog.js';
import { LogsView } from './LogsView.js';
import { ListView } from './ListView.js';
import { RunForm } from './RunForm.js';
import { CreateInput } from './CreateInput.js';

export interface AppProps {
  port: EnginePort;
  /** Overrides the terminal size (tests). */
  size?: { columns: number; rows: number };
  refreshMs?: number;
}

export function App({ port, size, refreshMs = 1000 }: AppProps) {
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const window = useWindowSize();
  const columns = size?.columns ?? (window.columns || 80);
  const rows = size?.rows ?? (window.rows || 24);

  useEffect(() => dispatch({ type: 'resize', columns }), [columns]);

  const tickCount = useRef(0);
  const history = useRef<HistoryRef['current']>(new Map());
  const tick = useCallback(
    () => loadTick(port, stateRef.current.view, tickCount.current++, dispatch, history, () => selectedContainerId(stateRef.current)),
    [port],
  );
  const refresh = useRefresh(tick, refreshMs);

  const runEffect = useEffectRunner(port, dispatch, refresh);
  useDetails(port, state, dispatch);

  // Where the table is scrolled to, so a click can find the row under it.
  const tableStart = useRef(0);
  const { stdin } = useStdin();
  useEffect(() => {
    if (!state.mouse) return;
    const onData = (data: Buffer | string): void => {
      for (const event of parseMouse(data.toString())) {
        const action = mouseAction(stateRef.current, event, tableStart.current);
        if (action) dispatch(action);
      }
    };
    stdin.on('data', onData);
    return () => { stdin.off('data', onData); };
  }, [state.mouse, stdin]);

  useInput((input, key) => {
    if (isMouseReport(input)) return;
    const result = interpretChunk(stateRef.current, input, key);
    for (const action of result.actions) dispatch(action);
    // Ink hands the keys of one read over one after another before React
    // renders (held backspace, arrows over a slow link): the next key must see
    // this one's state, not the last rendered one.
    stateRef.current = result.state;
    for (const effect of result.effects) runEffect(effect);
    // Switching to another view loads it at once rather than at the next tick.
    if (result.actions.some((a) => a.type === 'view' || a.type === 'nextView')) refresh();
  });

  const counts = useMemo(() => ({
    containers: state.containers.length, images: state.images.length, networks: state.networks.length, volumes: state.volumes.length,
  }), [state.containers, state.images, state.networks, state.volumes]);
  const body = Math.max(3, rows - 2);
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <TabBar view={state.view} counts={counts} width={columns} />
      <Box flexDirection="column" height={body} overflowY="hidden">
        {state.mode === 'help' ? (
          <HelpOverlay width={columns} height={body} scroll={state.helpScroll} />
        ) : state.mode === 'logs' && state.logs ? (
          <LogsView logs={state.logs} width={columns} height={body} />
        ) : state.mode === 'run' && state.runForm ? (
          <RunForm form={state.runForm} height={body} />
        ) : state.mode === 'pull' && state.pull ? (
          <PullDialog pull={state.pull} width={columns} height={body} />
        ) : (
          <>
            <ListView state={state} tableStart={tableStart} width={columns} height={state.confirm || state.create ? body - 4 : body} />
            {state.confirm ? <ConfirmDialog message={state.confirm.message} /> : null}
            {state.mode === 'create' && state.create ? <CreateInput create={state.create} /> : null}
          </>
        )}
      </Box>
      <StatusLine state={state} />
    </Box>
  );
}
