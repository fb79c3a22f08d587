// Docker's `run`/`create --pull missing|always|never`: a name not found in the
// store is pulled first, with the pull's progress on stderr (stdout is the
// container's), then the container is made as usual.
import { parseReference, familiarName, isFullImageId } from '../../../engine/reference/reference.js';
import { findImage } from '../../../engine/images/find-image.js';
import { ImageNotFoundError, UsageError } from '../../../engine/errors.js';
import { flagString, type FlagSpec, type ParsedArgs } from '../args.js';
import { write, type CommandContext } from '../command.js';
import { pullReported } from '../pull-report.js';

export type PullPolicy = 'missing' | 'always' | 'never';

export const PULL_FLAG: FlagSpec = {
  long: 'pull',
  kind: 'string',
  valueName: 'string',
  description: 'Pull image before running ("always", "missing", "never")',
};

export function pullPolicy(args: ParsedArgs): PullPolicy {
  const value = flagString(args, 'pull') ?? 'missing';
  if (value === 'missing' || value === 'always' || value === 'never') return value;
  throw new UsageError(`invalid pull option: '${value}': must be one of "always", "missing", or "never"`);
}

/** Full IDs (sha256:... or 64 hex) are never pulled: there is no name to pull. */
export function isImageId(input: string): boolean {
  return isFullImageId(input) || input.startsWith('sha256:');
}

/** Pulls `image` if the policy says so; afterwards findImage(image) finds it (or the pull threw). */
export async function pullIfNeeded(ctx: CommandContext, image: string, policy: PullPolicy): Promise<void> {
  if (policy === 'never' || isImageId(image)) return;
  const engine = await ctx.engine();
  if (policy === 'missing') {
    try {
      await findImage(engine.layout, image);
      return;
    } catch (err) {
      if (!(err instanceof ImageNotFoundError)) throw err;
    }
  }
  const ref = parseReference(image);
  if (policy === 'missing') write(ctx.stderr, `Unable to find image '${familiarName(ref)}' locally`);
  await pullReported(ctx, engine, ref, ctx.stderr);
}
