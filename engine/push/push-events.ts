// Progress of a push as typed events; the CLI and the dashboard render them.

export type PushLayerState = 'preparing' | 'waiting' | 'exists' | 'mounted' | 'pushing' | 'retrying' | 'pushed' | 'failed';

export interface PushLayerProgress {
  type: 'layer';
  /** Compressed blob digest. */
  digest: string;
  state: PushLayerState;
  /** Bytes sent so far in this attempt. */
  done: number;
  total: number;
  /** 'mounted': the repository it was mounted from. */
  from?: string;
  /** 'retrying' and 'failed': why. */
  message?: string;
}

export type PushEvent =
  | { type: 'start'; repository: string; tag: string }
  | PushLayerProgress
  | { type: 'complete'; tag: string; digest: string; size: number; mediaType: string };

export type PushEventSink = (event: PushEvent) => void;
