// Container records for a poller (the dashboard lists every container each
// second): a record is read and parsed again only when its config.json or
// state.json was replaced. Both are written atomically (a new file renamed
// over the old one), so the pair (inode, mtime, size) of each file changes
// with every write; two stats cost far less than two reads and JSON parses.
import { statSync } from 'node:fs';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths, listContainerIds, readRecord, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';

interface Entry {
  stamp: string;
  record: ContainerRecord;
}

function fileStamp(path: string): string {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.ino}:${st.mtimeNs}:${st.size}` : '-';
}

export class RecordCache {
  private readonly entries = new Map<string, Entry>();
  /** Full reads done since creation, for tests. */
  reads = 0;

  constructor(private readonly layout: StoreLayout) {}

  /** Every container, reconciled, newest first: what loadContainers returns. */
  async load(): Promise<ContainerRecord[]> {
    const ids = await listContainerIds(this.layout);
    const live = new Set(ids);
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
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
    const paths = new ContainerPaths(this.layout, id);
    const stamp = `${fileStamp(paths.config)} ${fileStamp(paths.state)}`;
    const cached = this.entries.get(id);
    if (cached?.stamp === stamp) return cached.record;
    this.reads++;
    const record = await readRecord(this.layout, id);
    if (record) this.entries.set(id, { stamp, record });
    else this.entries.delete(id);
    return record;
  }
}
