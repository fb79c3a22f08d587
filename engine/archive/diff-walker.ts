// Walks an overlay upper (or layer diff) directory and yields it as OCI
// layer entries: a whiteout (char device 0:0) becomes `.wh.NAME`, an opaque
// directory gets `.wh..wh..opq`, hardlinks stay hardlinks. Names in byte
// order so the same tree always gives the same tar (and diff_id).
import { readdir, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted, TscontainError } from '../errors.js';
import { readTreeXattrs } from './xattrs.js';
import { entryFor, isWhiteout, LinkTracker, type TreeEntry } from './tree-entry.js';

export interface DiffWalkOptions {
  /** Relative paths left out (the engine's /etc/hosts, hostname, resolv.conf). */
  exclude?: ReadonlySet<string>;
  signal?: AbortSignal;
}

export async function* walkDiff(root: string, opts: DiffWalkOptions = {}): AsyncGenerator<TreeEntry> {
  const xattrs = await readTreeXattrs(root, opts.signal);
  for (const [path, name] of xattrs.unsupported) {
    throw new TscontainError('LAYER_UNSUPPORTED', `/${path} carries overlay metadata ${name}, which a layer tar cannot express`, {
      hint: 'the host mounts overlayfs with redirect_dir or metacopy; turn them off (overlay module parameters) for containers you commit',
    });
  }
  const links = new LinkTracker();
  const exclude = opts.exclude ?? new Set<string>();

  async function* walk(dir: string, rel: string): AsyncGenerator<TreeEntry> {
    throwIfAborted(opts.signal);
    const names = (await readdir(dir)).sort(byteOrder);
    for (const name of names) {
      const relName = rel ? `${rel}/${name}` : name;
      if (exclude.has(relName)) continue;
      const path = join(dir, name);
      const st = await lstat(path);
      if (isWhiteout(st)) {
        const whName = rel ? `${rel}/.wh.${name}` : `.wh.${name}`;
        yield { header: { name: whName, type: 'file', mode: 0o600, uid: 0, gid: 0, size: 0, mtime: Math.floor(st.mtimeMs / 1000) } };
        continue;
      }
      const entry = await entryFor(path, relName, st, links, xattrs.kept.get(relName));
      if (!entry) continue;
      yield entry;
      if (st.isDirectory()) {
        if (xattrs.opaque.has(relName)) {
          yield { header: { name: `${relName}/.wh..wh..opq`, type: 'file', mode: 0o600, uid: 0, gid: 0, size: 0, mtime: entry.header.mtime } };
        }
        yield* walk(path, relName);
      }
    }
  }
  yield* walk(root, '');
}

export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
