// Container records for a poller (the dashboard lists every container each
// second): a record is read and parsed again only when its config.json or
// state.json was replaced. Both are written atomically (a new file renamed
// over the old one), so the pair (inode, mtime, size) of each file changes
// with every write; two stats cost far less than two reads and JSON parses.
//
// Cheaper still for the usual tick where nothing happened: every write to a
// container's directory (a record renamed in, exit.json appearing) changes
// the directory's mtime, so a directory whose mtime is unchanged since a
// check made when that mtime was already QUIET_MS old ("racy git": file
// times are coarse, a write in the same tick as the check could keep the
// same mtime) holds the same record and no exit.json. Such a container costs
// one stat, plus, while running, one pread of its monitor's /proc stat file
// (ProcessWatch); a monitor that died without writing anything still goes
// to reconcile.
import { statSync } from 'node:fs';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths, listContainerIds, readRecord, type ContainerRecord } from './record.js';
import { reconcile } from './reconcile.js';
import { ProcessWatch } from './process-alive.js';

/** (inode, mtime, size) of config.json then state.json; NaN for a missing file. */
type Stamp = [number, number, number, number, number, number];

/** How old a directory's mtime must be before an unchanged mtime is trusted. */
export const QUIET_MS = 2000;

interface Entry {
  stamp: Stamp;
  record: ContainerRecord;
  /** The directory's (inode, mtime) at the last full check, if that mtime was quiet then; else undefined. */
  quietDir: [number, number] | undefined;
}

interface Paths {
  dir: string;
  config: string;
  state: string;
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
  /** Each container's paths, worked out once. */
  private readonly paths = new Map<string, Paths>();
  private readonly monitors = new ProcessWatch();
  private readonly now: () => number;
  private ids: { ids: string[]; ino: number; mtimeMs: number; quiet: boolean } | undefined;
  /** Full reads done since creation, for tests. */
  reads = 0;
  /** Containers checked file by file (not settled by their directory's mtime), for tests. */
  fullChecks = 0;

  constructor(private readonly layout: StoreLayout, options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Every container, reconciled, newest first: what loadContainers returns. */
  async load(): Promise<ContainerRecord[]> {
    const ids = await this.listIds();
    const live = new Set(ids);
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    for (const id of this.paths.keys()) if (!live.has(id)) this.paths.delete(id);
    const out: ContainerRecord[] = [];
    const monitors = new Set<number>();
    for (const id of ids) {
      const seen = await this.read(id);
      if (!seen) continue;
      const { record, quiet } = seen;
      const { state } = record;
      if (state.status === 'running') monitors.add(state.monitorPid);
      if (quiet && (state.status === 'running'
        ? this.monitors.running(state.monitorPid, state.monitorStart)
        : !(state.status === 'exited' && record.config.autoRemove))) {
        out.push(record);
        continue;
      }
      // Reconciling stays per tick for the rest: a monitor can die without writing anything.
      const current = await reconcile(this.layout, record);
      if (current) out.push(current);
    }
    this.monitors.retain(monitors);
    // ISO 8601 texts order as their code units: no locale collation needed.
    return out.sort((a, b) => (a.config.created < b.config.created ? 1 : a.config.created > b.config.created ? -1 : 0));
  }

  /** The container IDs; the last listing again while the containers directory is quietly unchanged. */
  private async listIds(): Promise<string[]> {
    const dir = statSync(this.layout.containersDir, { throwIfNoEntry: false });
    const last = this.ids;
    if (dir && last && last.quiet && last.ino === dir.ino && last.mtimeMs === dir.mtimeMs) return last.ids;
    const checkedAt = this.now();
    const ids = await listContainerIds(this.layout);
    this.ids = dir ? { ids, ino: dir.ino, mtimeMs: dir.mtimeMs, quiet: checkedAt - dir.mtimeMs >= QUIET_MS } : undefined;
    return ids;
  }

  /** Files held open (one per running container's monitor), for tests. */
  get openFiles(): number {
    return this.monitors.openCount;
  }

  close(): void {
    this.monitors.closeAll();
  }

  private async read(id: string): Promise<{ record: ContainerRecord; quiet: boolean } | undefined> {
    let paths = this.paths.get(id);
    if (!paths) {
      const p = new ContainerPaths(this.layout, id);
      this.paths.set(id, (paths = { dir: p.dir, config: p.config, state: p.state }));
    }
    const dir = statSync(paths.dir, { throwIfNoEntry: false });
    const cached = this.entries.get(id);
    if (dir && cached?.quietDir && cached.quietDir[0] === dir.ino && cached.quietDir[1] === dir.mtimeMs) {
      return { record: cached.record, quiet: true };
    }
    this.fullChecks++;
    const checkedAt = this.now();
    const quietDir: Entry['quietDir'] = dir && checkedAt - dir.mtimeMs >= QUIET_MS ? [dir.ino, dir.mtimeMs] : undefined;
    const stamp: Stamp = [0, 0, 0, 0, 0, 0];
    fileStamp(stamp, 0, paths.config);
    fileStamp(stamp, 3, paths.state);
    if (cached && sameStamp(cached.stamp, stamp)) {
      cached.quietDir = quietDir;
      return { record: cached.record, quiet: false };
    }
    this.reads++;
    const record = await readRecord(this.layout, id);
    if (record) this.entries.set(id, { stamp, record, quietDir });
    else this.entries.delete(id);
    return record && { record, quiet: false };
  }
}
