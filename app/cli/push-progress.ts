// Renders push events as Docker does: "The push refers to repository [...]",
// one line per layer (redrawn in place with a bar on a terminal, one line
// per state change otherwise), then "TAG: digest: sha256:... size: N".
import type { Writable } from 'node:stream';
import type { PushEvent, PushLayerProgress } from '../../engine/push/push-events.js';
import { humanSize } from '../format/units.js';
import { shortId } from '../../engine/images/names.js';
import { progressBar } from './pull-progress.js';

const STATE_TEXT: Record<PushLayerProgress['state'], string> = {
  preparing: 'Preparing',
  waiting: 'Waiting',
  exists: 'Layer already exists',
  mounted: 'Mounted from',
  pushing: 'Pushing',
  retrying: 'Retrying',
  pushed: 'Pushed',
  failed: 'Failed',
};

export function pushLayerLine(layer: PushLayerProgress, withBar: boolean): string {
  const id = shortId(layer.digest);
  if (layer.state === 'mounted') return `${id}: Mounted from ${layer.from ?? ''}`;
  if (layer.state === 'pushing' && withBar) {
    return `${id}: Pushing ${progressBar(layer.done, layer.total)} ${humanSize(layer.done)}/${humanSize(layer.total)}`;
  }
  if ((layer.state === 'retrying' || layer.state === 'failed') && layer.message) return `${id}: ${STATE_TEXT[layer.state]}: ${layer.message}`;
  return `${id}: ${STATE_TEXT[layer.state]}`;
}

export class PushProgressView {
  private readonly layers = new Map<string, PushLayerProgress>();
  private drawn = 0;

  constructor(private readonly out: Writable, private readonly tty: boolean) {}

  handle(event: PushEvent): void {
    if (event.type === 'start') {
      this.out.write(`The push refers to repository [${event.repository}]\n`);
      return;
    }
    if (event.type === 'complete') {
      this.out.write(`${event.tag}: digest: ${event.digest} size: ${event.size}\n`);
      return;
    }
    const previous = this.layers.get(event.digest);
    this.layers.set(event.digest, event);
    if (this.tty) this.redraw();
    else if (previous?.state !== event.state) this.out.write(`${pushLayerLine(event, false)}\n`);
  }

  private redraw(): void {
    const lines = [...this.layers.values()].map((layer) => pushLayerLine(layer, true));
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const line of lines) text += `\r\x1b[2K${line}\n`;
    this.drawn = lines.length;
    this.out.write(text);
  }
}
