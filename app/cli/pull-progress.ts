// Renders pull events as Docker does: per-layer lines redrawn in place with
// progress bars on a terminal, and one plain line per state change otherwise.
import type { Writable } from 'node:stream';
import type { LayerProgress, PullEvent } from '../../engine/pull/pull-events.js';
import { humanSize } from '../format/units.js';
import { shortId } from '../../engine/images/names.js';
import { parseReference } from '../../engine/reference/reference.js';

const STATE_TEXT: Record<LayerProgress['state'], string> = {
  waiting: 'Pulling fs layer',
  exists: 'Already exists',
  downloading: 'Downloading',
  retrying: 'Retrying',
  extracting: 'Extracting',
  done: 'Pull complete',
  failed: 'Failed',
};

export function progressBar(done: number, total: number, width = 50): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.floor(ratio * width);
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}]`;
}

export function layerLine(layer: LayerProgress, withBar: boolean): string {
  const text = STATE_TEXT[layer.state];
  if (layer.state === 'downloading' && withBar) {
    return `${shortId(layer.digest)}: ${text} ${progressBar(layer.done, layer.total)} ${humanSize(layer.done)}/${humanSize(layer.total)}`;
  }
  if ((layer.state === 'retrying' || layer.state === 'failed') && layer.message) return `${shortId(layer.digest)}: ${text}: ${layer.message}`;
  return `${shortId(layer.digest)}: ${text}`;
}

/** Docker's "TAG: Pulling from REPO": the repository path without registry host, tag or digest. */
export function pullingFromLine(reference: string): string {
  const ref = parseReference(reference);
  return `${ref.tag ?? ref.digest ?? 'latest'}: Pulling from ${ref.repository}`;
}

export class PullProgressView {
  private readonly layers = new Map<string, LayerProgress>();
  private drawn = 0;

  constructor(private readonly out: Writable, private readonly tty: boolean) {}

  handle(event: PullEvent): void {
    if (event.type === 'resolved') {
      this.out.write(`${pullingFromLine(event.reference)}\n`);
      return;
    }
    if (event.type !== 'layer') return;
    const previous = this.layers.get(event.digest);
    this.layers.set(event.digest, event);
    if (this.tty) this.redraw();
    else if (previous?.state !== event.state) this.out.write(`${layerLine(event, false)}\n`);
  }

  private redraw(): void {
    const lines = [...this.layers.values()].map((layer) => layerLine(layer, true));
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const line of lines) text += `\r\x1b[2K${line}\n`;
    this.drawn = lines.length;
    this.out.write(text);
  }
}
