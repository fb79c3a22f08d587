// Progress of a pull as typed events; the CLI and the dashboard render them.

export type LayerState = 'waiting' | 'exists' | 'downloading' | 'retrying' | 'extracting' | 'done' | 'failed';

export interface LayerProgress {
  type: 'layer';
  /** Compressed blob digest, as Docker shows it. */
  digest: string;
  state: LayerState;
  /** Compressed bytes received so far. */
  done: number;
  total: number;
  message?: string;
}

export type PullEvent =
  | { type: 'resolving'; reference: string }
  | {
      type: 'resolved';
      reference: string;
      manifestDigest: string;
      indexDigest: string | undefined;
      platform: string;
      layers: { digest: string; size: number }[];
    }
  | LayerProgress
  | { type: 'complete'; reference: string; imageId: string; repoDigest: string; downloaded: boolean };

export type PullEventSink = (event: PullEvent) => void;
