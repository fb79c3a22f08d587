// What a container runs, merged from the image's config and the user's flags
// with Docker's rules: --entrypoint replaces the image's Entrypoint and drops
// its Cmd; arguments after the image replace Cmd; -e overrides the image's
// Env by key; -w and -u replace WorkingDir and User.
import { UsageError } from '../errors.js';
import type { ContainerDefaults } from '../registry/image-config.js';

export interface SpecFlags {
  /** Arguments after the image name. */
  args: string[];
  /** --entrypoint; "" clears the image's. */
  entrypoint?: string | undefined;
  /** -e/--env-file entries, already KEY=VALUE. */
  env: string[];
  workingDir?: string | undefined;
  user?: string | undefined;
}

export interface MergedSpec {
  entrypoint: string[] | null;
  cmd: string[] | null;
  path: string;
  args: string[];
  env: string[];
  workingDir: string;
  user: string;
  stopSignal: string;
}

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Later entries win per key; order of first appearance is kept. */
export function mergeEnv(...lists: readonly string[][]): string[] {
  const byKey = new Map<string, string>();
  for (const list of lists) {
    for (const entry of list) {
      const eq = entry.indexOf('=');
      byKey.set(eq < 0 ? entry : entry.slice(0, eq), entry);
    }
  }
  return [...byKey.values()];
}

export function mergeSpec(image: ContainerDefaults, flags: SpecFlags): MergedSpec {
  let entrypoint: string[] | null = image.Entrypoint?.length ? [...image.Entrypoint] : null;
  let cmd: string[] | null = image.Cmd?.length ? [...image.Cmd] : null;
  if (flags.entrypoint !== undefined) {
    entrypoint = flags.entrypoint === '' ? null : [flags.entrypoint];
    cmd = null;
  }
  if (flags.args.length > 0) cmd = [...flags.args];
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) {
    throw new UsageError('no command specified', { hint: 'give a command after the image, or use an image with a Cmd or Entrypoint' });
  }
  const imageEnv = image.Env ?? [];
  const env = mergeEnv(imageEnv.some((e) => e.startsWith('PATH=')) ? [] : [DEFAULT_PATH], imageEnv, flags.env);
  const workingDir = flags.workingDir ?? image.WorkingDir ?? '';
  if (workingDir !== '' && !workingDir.startsWith('/')) {
    throw new UsageError(`the working directory "${workingDir}" is invalid: it needs to be an absolute path`);
  }
  return {
    entrypoint,
    cmd,
    path: argv[0]!,
    args: argv.slice(1),
    env,
    workingDir: workingDir || '/',
    user: flags.user ?? image.User ?? '',
    stopSignal: typeof image.StopSignal === 'string' && image.StopSignal ? image.StopSignal : 'SIGTERM',
  };
}
