// Encoding tar headers (POSIX ustar, with a PAX extended header in front
// whenever a name, link, size, id or xattr does not fit ustar's fields).
// The same format the helper's apply-layer reads, and docker/podman write.

export type TarType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarHeader {
  /** Relative name without a leading "/"; directories get a trailing "/" added here. */
  name: string;
  type: TarType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: Record<string, Buffer>;
}

export const BLOCK = 512;
const TYPE_FLAG: Record<TarType, string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

/** The header block(s) for one entry: a PAX header when needed, then ustar. */
export function encodeHeader(h: TarHeader): Buffer {
  const name = h.type === 'dir' && !h.name.endsWith('/') ? `${h.name}/` : h.name;
  const pax: [string, Buffer][] = [];
  if (Buffer.byteLength(name) > 100) pax.push(['path', Buffer.from(name)]);
  if (h.linkname !== undefined && Buffer.byteLength(h.linkname) > 100) pax.push(['linkpath', Buffer.from(h.linkname)]);
  if (h.size > 0o77777777777) pax.push(['size', Buffer.from(String(h.size))]);
  if (h.uid > 0o7777777) pax.push(['uid', Buffer.from(String(h.uid))]);
  if (h.gid > 0o7777777) pax.push(['gid', Buffer.from(String(h.gid))]);
  for (const [key, value] of Object.entries(h.xattrs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    pax.push([`SCHILY.xattr.${key}`, value]);
  }
  const ustar = ustarBlock({ ...h, name });
  if (pax.length === 0) return ustar;
  const body = Buffer.concat(pax.map(([k, v]) => paxRecord(k, v)));
  const paxName = `PaxHeader/${name.replace(/\/$/, '').split('/').pop()!}`.slice(0, 100);
  const head = ustarBlock({ name: paxName, type: 'file', mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: h.mtime }, 'x');
  return Buffer.concat([head, body, Buffer.alloc(padding(body.length)), ustar]);
}

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The end-of-archive marker: two zero blocks. */
export function endBlocks(): Buffer {
  return Buffer.alloc(2 * BLOCK);
}

function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.byteLength(key) + value.length + 3; // ' ' '=' '\n'
  let len = rest + String(rest).length;
  if (String(len).length !== String(rest).length) len = rest + String(len).length;
  return Buffer.concat([Buffer.from(`${len} ${key}=`), value, Buffer.from('\n')]);
}

function ustarBlock(h: TarHeader, flag = TYPE_FLAG[h.type]): Buffer {
  const b = Buffer.alloc(BLOCK);
  writeString(b, 0, 100, h.name);
  writeOctal(b, 100, 8, h.mode & 0o7777);
  writeOctal(b, 108, 8, Math.min(h.uid, 0o7777777));
  writeOctal(b, 116, 8, Math.min(h.gid, 0o7777777));
  writeOctal(b, 124, 12, Math.min(h.size, 0o77777777777));
  writeOctal(b, 136, 12, Math.max(0, Math.min(Math.floor(h.mtime), 0o77777777777)));
  b.write(flag, 156, 'latin1');
  if (h.linkname !== undefined) writeString(b, 157, 100, h.linkname);
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  writeOctal(b, 329, 8, h.devmajor ?? 0);
  writeOctal(b, 337, 8, h.devminor ?? 0);
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  writeOctal(b, 148, 7, sum);
  return b;
}

/** Names longer than the field went into the PAX header; the field keeps a truncated copy. */
function writeString(b: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value);
  bytes.copy(b, offset, 0, Math.min(bytes.length, length));
}

function writeOctal(b: Buffer, offset: number, length: number, value: number): void {
  b.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1');
}
