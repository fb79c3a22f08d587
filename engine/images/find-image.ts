// Resolves what a user typed (a name, a name@digest, a full or short image ID)
// to a stored image, the way Docker does.
import { parseReference, formatReference, repositoryName } from '../reference/reference.js';
import { ImageNotFoundError, TscontainError, UsageError } from '../errors.js';
import { listImages, readNames, getImage, type ImageRecord, type NameTable } from '../store/images.js';
import type { StoreLayout } from '../store/layout.js';

const ID_PREFIX = /^(sha256:)?([0-9a-f]{1,64})$/;

export interface FoundImage {
  record: ImageRecord;
  /** The full name the user meant, when they gave a tag name. */
  name: string | undefined;
}

export async function findImage(layout: StoreLayout, input: string, names?: NameTable): Promise<FoundImage> {
  const table = names ?? (await readNames(layout));
  const idMatch = ID_PREFIX.exec(input);
  // A full 64-hex string is always an ID; shorter hex may also be a name, which wins if tagged.
  if (idMatch && (idMatch[1] || idMatch[2]!.length === 64)) return { record: await byIdPrefix(layout, input, idMatch[2]!), name: undefined };

  let parsed;
  try {
    parsed = parseReference(input);
  } catch (err) {
    if (idMatch) return { record: await byIdPrefix(layout, input, idMatch[2]!), name: undefined };
    throw err;
  }
  if (parsed.digest) {
    const wanted = `${repositoryName(parsed)}@${parsed.digest}`;
    const record = (await listImages(layout)).find((r) => r.repoDigests.includes(wanted));
    if (!record) throw new ImageNotFoundError(input);
    return { record, name: undefined };
  }
  const name = formatReference(parsed);
  const id = table[name];
  if (id) {
    const record = await getImage(layout, id);
    if (record) return { record, name };
  }
  if (idMatch) return { record: await byIdPrefix(layout, input, idMatch[2]!), name: undefined };
  throw new ImageNotFoundError(input);
}

async function byIdPrefix(layout: StoreLayout, input: string, hexPrefix: string): Promise<ImageRecord> {
  const matches = (await listImages(layout)).filter((r) => r.id.slice('sha256:'.length).startsWith(hexPrefix));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new ImageNotFoundError(input);
  throw new TscontainError('AMBIGUOUS_ID', `image ID prefix ${input} matches ${matches.length} images`, {
    hint: 'give more characters of the ID',
  });
}

export function requireImageArgs(args: string[], command: string): void {
  if (args.length === 0) throw new UsageError(`"${command}" requires at least 1 argument`, { hint: `see 'tscontain ${command} --help'` });
}
