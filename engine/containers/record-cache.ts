// Container records for a poller (the dashboard lists every container each
// second): a record is read and parsed again only when its config.json or
// state.json was replaced. Both are written atomically (a new file renamed
// over the old one), so the pair (inode, mtime, size) of each file changes
// with every write; two stats cost far less than two reads and JSON parses.
import { statSync } from 'node:fs';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths, listContainerIds, readRecord, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';

/** (inode, mtime, size) of config.json then state.json; NaN for a missing file. */
type Stamp = [number, number, number, number, number, number];

interface Entry {
  stamp: Stamp;
  record: ContainerRecord;
}

/**
 * Plain (not bigint) stats, compared as numbers: a bigint Stats is a dozen
 * heap BigInts and the stamp text more garbage, which for 100 files a second
 * was a good part of the idle dashboard's allocation (and so of its RSS, as
 * V8 grows its young generation with the allocation rate). mtimeMs as a
 * double still resolves well under a microsecond today.
 */
function fileStamp(out: Stamp, at: number, path: string): void {
  const st = statSync(path, { throwIfNoEntry: false });
  out[at] = st ? st.ino : NaN;
  out[at + 1] = st ? st.mtimeMs : NaN;
  out[at + 2] = st ? st.size : NaN;
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  // NaN never equals itself: a missing file always reads again, as before.
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class RecordCache {
  private readonly entries = new Map<string, Entry>();
  /** Each container's config and state paths, worked out once. */
  private readonly paths = new Map<string, { config: string; state: string }>();
  /** Full reads done since creation, for tests. */
  reads = 0;

  constructor(private readonly layout: StoreLayout) {}

  /** Every container, reconciled, newest first: what loadContainers returns. */
  async load(): Promise<ContainerRecord[]> {
    const ids = await listContainerIds(this.layout);
    const live = new Set(ids);
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    for (const id of this.paths.keys()) if (!live.has(id)) this.paths.delete(id);
    const out: ContainerRecord[] = [];
    for (const id of ids) {
      const record = await this.read(id);
      if (!record) continue;
      // Reconciling stays per tick: a monitor can die without writing anything.
      const current = await reconcile(this.layout, record);
      if (current) out.push(current);
    }
    return out.sort((a, b) => b.config.created.localeCompare(a.config.created));
  }

  private async read(id: string): Promise<ContainerRecord | undefined> {
    let paths = this.paths.get(id);
    if (!paths) {
      const p = new ContainerPaths(this.layout, id);
      this.paths.set(id, (paths = { config: p.config, state: p.state }));
    }
    const stamp: Stamp = [0, 0, 0, 0, 0, 0];
    fileStamp(stamp, 0, paths.config);
    fileStamp(stamp, 3, paths.state);
    const cached = this.entries.get(id);
    if (cached && sameStamp(cached.stamp, stamp)) return cached.record;
    this.reads++;
    const record = await readRecord(this.layout, id);
    if (record) this.entries.set(id, { stamp, record });
    else this.entries.delete(id);
    return record;
  }
}
