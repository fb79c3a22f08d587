// A container record as the dashboard's row: Docker's STATUS text and state.
import type { ContainerRecord } from '../../engine/containers/record.js';
import { ZERO_TIME } from '../../engine/containers/record.js';
import { humanDuration } from '../format/units.js';
import type { ContainerRow } from './engine-port.js';

export function containerRowOf(record: ContainerRecord, now = Date.now(), ports: string[] = []): ContainerRow {
  const { config, state } = record;
  const started = state.startedAt && state.startedAt !== ZERO_TIME ? state.startedAt : undefined;
  const runState = state.status === 'running' ? (state.paused ? 'paused' : 'running') : state.status === 'created' ? 'created' : 'exited';
  return {
    id: config.id,
    name: config.name,
    image: config.imageName,
    state: runState,
    status: statusText(runState, started, state.finishedAt, state.exitCode, now),
    createdAt: config.created,
    startedAt: started,
    ports,
  };
}

export function statusText(state: ContainerRow['state'], startedAt: string | undefined, finishedAt: string, exitCode: number, now: number): string {
  if (state === 'created') return 'Created';
  if (state === 'running' || state === 'paused') {
    const up = `Up ${humanDuration(now - Date.parse(startedAt ?? new Date(now).toISOString()))}`;
    return state === 'paused' ? `${up} (Paused)` : up;
  }
  const finished = Date.parse(finishedAt);
  if (!finishedAt || finishedAt === ZERO_TIME || Number.isNaN(finished)) return `Exited (${exitCode})`;
  return `Exited (${exitCode}) ${humanDuration(now - finished)} ago`;
}
