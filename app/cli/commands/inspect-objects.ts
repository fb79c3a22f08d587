// `inspect [--type T] NAME`: one object of a given type, or, as Docker does
// without --type, the first of container, image, network, volume that NAME
// names.
import { inspectContainer } from '../../../engine/containers/inspect-container.js';
import { findContainer, readAllRecords } from '../../../engine/containers/lookup.js';
import { TscontainError, UsageError } from '../../../engine/errors.js';
import { inspectImage } from '../../../engine/images/inspect-image.js';
import type { StoreLayout } from '../../../engine/store/layout.js';

export const OBJECT_TYPES = ['container', 'image', 'network', 'volume'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export function parseObjectType(value: string | undefined): ObjectType | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(OBJECT_TYPES as readonly string[]).includes(value)) {
    throw new UsageError(`"${value}" is not a valid value for --type`, { hint: `use one of ${OBJECT_TYPES.join(', ')}` });
  }
  return value as ObjectType;
}

const inspectors: Record<ObjectType, (layout: StoreLayout, input: string) => Promise<unknown>> = {
  container: async (layout, input) => inspectContainer(layout, await findContainer(layout, input)),
  image: inspectImage,
  // Loaded only when asked: the network code is large and rarely the one meant.
  network: async (layout, input) => {
    const { findNetwork, inspectNetworkObject } = await import('../../../engine/network/network-ops.js');
    const names = new Map((await readAllRecords(layout)).map((r) => [r.config.id, r.config.name]));
    return inspectNetworkObject(await findNetwork(layout, input), names);
  },
  volume: async (layout, input) => (await import('../../../engine/volumes/volume-store.js')).getVolume(layout, input),
};

/** Errors meaning "NAME is not an object of this type" (a malformed name is not one either). */
function isMiss(err: unknown): boolean {
  return err instanceof TscontainError && /NOT_FOUND|INVALID/.test(err.code);
}

const NO_SUCH: Record<ObjectType, string> = {
  container: 'No such container', image: 'No such image', network: 'No such network', volume: 'No such volume',
};

/** The inspected object, or an error message of Docker's wording when there is none. */
export async function inspectObject(layout: StoreLayout, input: string, type: ObjectType | undefined): Promise<{ object: unknown } | { error: string }> {
  for (const t of type ? [type] : OBJECT_TYPES) {
    try {
      return { object: await inspectors[t](layout, input) };
    } catch (err) {
      if (!isMiss(err)) throw err;
    }
  }
  return { error: type ? `${NO_SUCH[type]}: ${input}` : `No such object: ${input}` };
}
