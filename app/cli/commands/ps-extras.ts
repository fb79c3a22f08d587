// `ps -n/-l` and `ps -s`: the parts of ps that are not plain listing.
import { containerSize, type ContainerSize } from '../../../engine/containers/container-size.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';
import { UsageError } from '../../../engine/errors.js';
import type { StoreLayout } from '../../../engine/store/layout.js';
import { humanSize } from '../../format/units.js';
import { flagBool, flagString, type ParsedArgs } from '../args.js';

/** How many of the newest containers -n/-l ask for; undefined for all (Docker's -1). */
export function lastCount(args: ParsedArgs): number | undefined {
  const text = flagString(args, 'last');
  let n = -1;
  if (text !== undefined) {
    if (!/^[+-]?\d+$/.test(text.trim())) {
      throw new UsageError(`invalid argument "${text}" for "-n, --last" flag: strconv.ParseInt: parsing "${text}": invalid syntax`, { hint: "see 'tscontain ps --help'" });
    }
    n = Number(text);
  }
  if (flagBool(args, 'latest')) n = 1;
  return n < 0 ? undefined : n;
}

/** Docker's SIZE cell: "12B (virtual 4.2MB)". */
export function sizeText(size: ContainerSize | undefined): string {
  return size ? `${humanSize(size.rw)} (virtual ${humanSize(size.rootFs)})` : '0B';
}

export async function containerSizes(layout: StoreLayout, rows: readonly ContainerRecord[]): Promise<Map<string, ContainerSize>> {
  const out = new Map<string, ContainerSize>();
  for (const r of rows) out.set(r.config.id, await containerSize(layout, r));
  return out;
}
