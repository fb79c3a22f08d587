// A pull as Docker's CLI reports it, for `pull` (on stdout) and for
// `run`/`create --pull` (on stderr, stdout being the container's): the
// layers' progress, then "Digest: ..." and "Status: ...".
import type { Writable } from 'node:stream';
import type { Engine } from '../../engine/engine.js';
import { pullImage } from '../../engine/pull/pull-image.js';
import { familiarName, type ImageReference } from '../../engine/reference/reference.js';
import type { Platform } from '../../engine/reference/platform.js';
import { write, type CommandContext } from './command.js';
import { PullProgressView } from './pull-progress.js';

/** Pulls REF; `out` undefined pulls quietly. */
export async function pullReported(
  ctx: CommandContext,
  engine: Engine,
  ref: ImageReference,
  out: (Writable & { isTTY?: boolean }) | undefined,
  platform?: Platform,
): Promise<void> {
  const view = out && new PullProgressView(out, out.isTTY === true);
  let upToDate = false;
  const record = await pullImage(engine.layout, await engine.registry(), ref, {
    platform,
    signal: ctx.signal,
    concurrency: engine.config.maxConcurrentDownloads,
    onEvent: (event) => {
      view?.handle(event);
      if (event.type === 'complete') upToDate = !event.downloaded;
    },
  });
  if (out) {
    write(out, `Digest: ${record.repoDigests[0]?.split('@')[1] ?? record.manifestDigest}`);
    const name = familiarName(ref);
    write(out, upToDate ? `Status: Image is up to date for ${name}` : `Status: Downloaded newer image for ${name}`);
  }
}
