// A tiny tar writer with full control over every entry, for building image
// layers in tests, hostile ones included: names and link names are written
// exactly as given (`../evil`, `/abs`, `a//b` all survive), no normalisation.
// ustar headers; PAX extended headers when a name/linkname does not fit, ids
// are too large, or xattrs / custom PAX records are given; GNU 'L'/'K'
// long-name entries on request.

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export type TarEntry = {
  name: string;
  type: TarEntryType;
  body?: Buffer | string;
  mode?: number; // permission bits incl. setuid/setgid/sticky; defaults 0644 / 0755 (dir) / 0777 (symlink)
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  mtime?: number; // seconds since the epoch; default DEFAULT_MTIME
  xattrs?: Record<string, string | Buffer>; // written as PAX SCHILY.xattr.NAME
  pax?: Record<string, string | Buffer>; // extra PAX records, written verbatim
  longName?: 'pax' | 'gnu'; // how to carry a name/linkname over 100 bytes (default pax)
  typeflag?: string; // raw override of the header's type byte, for fault tests
};

export type WriteTarOptions = {
  /** Number of zero blocks at the end (default 2; 0 gives a truncated archive). */
  endBlocks?: number;
};

export const DEFAULT_MTIME = 1_700_000_000;
const BLOCK = 512;

const TYPEFLAG: Record<TarEntryType, string> = {
  file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6',
};

function defaultMode(type: TarEntryType): number {
  if (type === 'dir') return 0o755;
  if (type === 'symlink') return 0o777;
  return 0o644;
}

function padToBlock(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Writes `value` as NUL-terminated zero-padded octal into `field` bytes; false if it does not fit. */
function writeOctal(h: Buffer, off: number, field: number, value: number): boolean {
  const s = Math.floor(value).toString(8);
  if (value < 0 || s.length > field - 1) return false;
  h.write(s.padStart(field - 1, '0') + '\0', off, field, 'latin1');
  return true;
}

/** Copies bytes into a header field, truncating; returns whether it fitted. */
function writeBytes(h: Buffer, off: number, field: number, value: Buffer): boolean {
  value.copy(h, off, 0, Math.min(field, value.length));
  return value.length <= field;
}

function header(opts: {
  name: Buffer; mode: number; uid: number; gid: number; size: number; mtime: number;
  typeflag: string; linkname: Buffer; uname: string; gname: string; devmajor: number; devminor: number;
}): { block: Buffer; overflow: Set<string> } {
  const h = Buffer.alloc(BLOCK);
  const overflow = new Set<string>();
  if (!writeBytes(h, 0, 100, opts.name)) overflow.add('path');
  writeOctal(h, 100, 8, opts.mode & 0o7777777);
  if (!writeOctal(h, 108, 8, opts.uid)) overflow.add('uid');
  if (!writeOctal(h, 116, 8, opts.gid)) overflow.add('gid');
  if (!writeOctal(h, 124, 12, opts.size)) overflow.add('size');
  if (!writeOctal(h, 136, 12, opts.mtime)) overflow.add('mtime');
  h.write(opts.typeflag.slice(0, 1), 156, 1, 'latin1');
  if (!writeBytes(h, 157, 100, opts.linkname)) overflow.add('linkpath');
  h.write('ustar\0' + '00', 257, 8, 'latin1');
  if (!writeBytes(h, 265, 32, Buffer.from(opts.uname))) overflow.add('uname');
  if (!writeBytes(h, 297, 32, Buffer.from(opts.gname))) overflow.add('gname');
  writeOctal(h, 329, 8, opts.devmajor);
  writeOctal(h, 337, 8, opts.devminor);
  h.fill(0x20, 148, 156); // checksum computed with its own field as spaces
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return { block: h, overflow };
}

/** One PAX record: "LEN key=value\n" where LEN counts the whole record in bytes. */
function paxRecord(key: string, value: string | Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from(` ${key}=`), Buffer.from(value), Buffer.from('\n')]);
  let len = payload.length + 1;
  while (String(len).length + payload.length !== len) len = String(len).length + payload.length;
  return Buffer.concat([Buffer.from(String(len)), payload]);
}

/** Pushes a header + body (padded) for a meta entry (PAX 'x' or GNU 'L'/'K'). */
function pushMeta(parts: Buffer[], name: string, typeflag: string, body: Buffer): void {
  const { block } = header({
    name: Buffer.from(name), mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: 0,
    typeflag, linkname: Buffer.alloc(0), uname: '', gname: '', devmajor: 0, devminor: 0,
  });
  parts.push(block, body, Buffer.alloc(padToBlock(body.length)));
}

function entryParts(e: TarEntry, parts: Buffer[]): void {
  const body = e.type !== 'file' || e.body === undefined ? Buffer.alloc(0)
    : typeof e.body === 'string' ? Buffer.from(e.body, 'utf8') : e.body;
  const name = Buffer.from(e.name, 'utf8');
  const linkname = Buffer.from(e.linkname ?? '', 'utf8');
  const fields = {
    name, linkname, mode: e.mode ?? defaultMode(e.type), uid: e.uid ?? 0, gid: e.gid ?? 0,
    size: body.length, mtime: e.mtime ?? DEFAULT_MTIME, typeflag: e.typeflag ?? TYPEFLAG[e.type],
    uname: e.uname ?? '', gname: e.gname ?? '', devmajor: e.devmajor ?? 0, devminor: e.devminor ?? 0,
  };
  const { block, overflow } = header(fields);
  const gnu = e.longName === 'gnu';
  if (gnu && overflow.has('path')) pushMeta(parts, '././@LongLink', 'L', Buffer.concat([name, Buffer.alloc(1)]));
  if (gnu && overflow.has('linkpath')) pushMeta(parts, '././@LongLink', 'K', Buffer.concat([linkname, Buffer.alloc(1)]));
  const records: Buffer[] = [];
  const values: Record<string, string | Buffer> = {
    path: name, linkpath: linkname, uid: String(fields.uid), gid: String(fields.gid),
    size: String(fields.size), mtime: String(fields.mtime), uname: fields.uname, gname: fields.gname,
  };
  for (const key of overflow) {
    if (gnu && (key === 'path' || key === 'linkpath')) continue;
    records.push(paxRecord(key, values[key]!));
  }
  for (const [k, v] of Object.entries(e.xattrs ?? {})) records.push(paxRecord(`SCHILY.xattr.${k}`, v));
  for (const [k, v] of Object.entries(e.pax ?? {})) records.push(paxRecord(k, v));
  if (records.length > 0) {
    const base = e.name.replace(/\/+$/, '').split('/').pop() || 'entry';
    pushMeta(parts, `PaxHeader/${base}`.slice(0, 99), 'x', Buffer.concat(records));
  }
  parts.push(block);
  if (body.length > 0) parts.push(body, Buffer.alloc(padToBlock(body.length)));
}

/** Serialises entries into one tar archive (a single final copy, so large bodies are fine). */
export function writeTar(entries: TarEntry[], opts: WriteTarOptions = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) entryParts(e, parts);
  parts.push(Buffer.alloc(BLOCK * (opts.endBlocks ?? 2)));
  return Buffer.concat(parts);
}
