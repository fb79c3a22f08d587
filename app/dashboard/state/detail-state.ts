// The detail panes of every view: the last detail read for each view's
// selected row, and the volume sizes measured so far. Pure; use-details.ts
// reads them through the port when the selection moves (the refresh also
// reads the selected container's each tick, for its latest log lines), and
// the panes show a detail only while its row is still selected.
import type { ContainerDetail, ImageDetail, NetworkDetail, VolumeDetail } from '../engine-port.js';

/** One view's detail as read for the row with this key. */
export interface Loaded<T> {
  key: string;
  detail: T;
}

export interface DetailsState {
  containers: Loaded<ContainerDetail> | undefined;
  images: Loaded<ImageDetail> | undefined;
  networks: Loaded<NetworkDetail> | undefined;
  volumes: Loaded<VolumeDetail> | undefined;
}

export type DetailAction =
  | { type: 'detail'; view: 'containers'; key: string; detail: ContainerDetail }
  | { type: 'detail'; view: 'images'; key: string; detail: ImageDetail }
  | { type: 'detail'; view: 'networks'; key: string; detail: NetworkDetail }
  | { type: 'detail'; view: 'volumes'; key: string; detail: VolumeDetail }
  | { type: 'volumeSize'; name: string; bytes: number };

export function initialDetails(): DetailsState {
  return { containers: undefined, images: undefined, networks: undefined, volumes: undefined };
}

/** Returns the same object when nothing changed, so the pane is not redrawn. */
export function detailsReducer(details: DetailsState, action: Extract<DetailAction, { type: 'detail' }>): DetailsState {
  const current = details[action.view];
  if (current?.key === action.key && JSON.stringify(current.detail) === JSON.stringify(action.detail)) return details;
  return { ...details, [action.view]: { key: action.key, detail: action.detail } };
}

/** Sizes of the volumes still listed, with this one's new figure. */
export function withVolumeSize(sizes: ReadonlyMap<string, number>, name: string, bytes: number): ReadonlyMap<string, number> {
  if (sizes.get(name) === bytes) return sizes;
  const next = new Map(sizes);
  next.set(name, bytes);
  return next;
}

/** The detail to draw for the selected row: undefined while the one read is for another row. */
export function detailFor<T>(loaded: Loaded<T> | undefined, key: string | undefined): T | undefined {
  return loaded !== undefined && loaded.key === key ? loaded.detail : undefined;
}
