// Whether a directory of a container's upper dir is opaque, without reading
// its xattrs on every start and exec: overlayfs marks upper directories
// opaque at run time, so this is a cache, not a record. An entry holds for
// the same inode (number and birth time) with the same ctime: setting or
// removing an xattr changes ctime, so an unchanged ctime means unchanged
// xattrs. tscontain notes the directories it makes itself (upper/etc at
// create); what getfattr finds later is noted too.
import type { BigIntStats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';

interface Entry { ino: string; birth: string; ctime: string; opaque: boolean }
type Cache = Record<string, Entry>;

function cachePath(upper: string): string {
  return join(dirname(upper), 'upper-opaque.json');
}

function stamp(st: BigIntStats): Omit<Entry, 'opaque'> {
  return { ino: st.ino.toString(), birth: st.birthtimeNs.toString(), ctime: st.ctimeNs.toString() };
}

export class UpperOpaqueCache {
  private noted = false;

  private constructor(readonly upper: string, private readonly entries: Cache) {}

  static async load(upper: string): Promise<UpperOpaqueCache> {
    const text = await readFile(cachePath(upper), 'utf8').catch(() => undefined);
    let entries: Cache = {};
    try {
      if (text) entries = JSON.parse(text) as Cache;
    } catch {
      // A damaged cache only costs a getfattr run.
    }
    return new UpperOpaqueCache(upper, entries);
  }

  /** The cached answer for `rel`, if `st` is still the directory it was learned from. */
  lookup(rel: string, st: BigIntStats): boolean | undefined {
    const e = this.entries[rel];
    // A filesystem without birth times reports 0: an inode number alone could be reused.
    if (!e || st.birthtimeNs === 0n) return undefined;
    const now = stamp(st);
    return e.ino === now.ino && e.birth === now.birth && e.ctime === now.ctime ? e.opaque : undefined;
  }

  note(rel: string, st: BigIntStats, opaque: boolean): void {
    this.entries[rel] = { ...stamp(st), opaque };
    this.noted = true;
  }

  /** Best effort: a failed write only costs a later getfattr run. */
  async save(): Promise<void> {
    if (!this.noted) return;
    this.noted = false;
    await writeFileAtomic(cachePath(this.upper), JSON.stringify(this.entries), 0o600, { durable: false }).catch(() => undefined);
  }
}
