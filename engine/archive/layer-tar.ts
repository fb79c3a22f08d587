// A layer tar from an unpacked layer directory (overlay form), the reverse
// of apply-layer: whiteouts (char 0:0) become `.wh.NAME` entries, opaque
// directories (trusted.overlay.opaque=y) a `.wh..wh..opq` entry, hardlinks
// within the layer link entries; ownership, modes, mtimes, devices, fifos
// and xattrs (PAX SCHILY.xattr.*) are kept. Sockets are skipped, as Docker does.
// Reading only: nothing here writes into the directory.
import { lstat, opendir, readlink, open } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { readXattrs } from './xattrs.js';

const BLOCK = 512;
const OPAQUE = 'trusted.overlay.opaque';

interface Header {
  name: string;
  type: '0' | '1' | '2' | '3' | '4' | '5' | '6';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: Map<string, Buffer>;
}

/** The uncompressed tar of `dir`, as a stream of chunks; names relative, directories with a trailing '/'. */
export async function* layerTar(dir: string): AsyncGenerator<Buffer> {
  const xattrs = await readXattrs(dir);
  const links = new Map<string, string>();
  yield* walk(dir, '', xattrs, links);
  yield Buffer.alloc(BLOCK * 2);
}

async function* walk(root: string, rel: string, xattrs: Map<string, Map<string, Buffer>>, links: Map<string, string>): AsyncGenerator<Buffer> {
  const names: string[] = [];
  for await (const entry of await opendir(join(root, rel))) names.push(entry.name);
  names.sort();
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const path = join(root, relPath);
    const st = await lstat(path);
    const own = xattrs.get(relPath);
    const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000), size: 0 };
    if (st.isCharacterDevice() && st.rdev === 0) {
      yield header({ ...base, name: whiteoutName(rel, name), type: '0' });
      continue;
    }
    const kept = keptXattrs(own);
    if (st.isDirectory()) {
      yield header({ ...base, name: `${relPath}/`, type: '5', xattrs: kept });
      if (own?.get(OPAQUE)?.toString() === 'y') yield header({ ...base, name: `${relPath}/.wh..wh..opq`, type: '0', mode: 0o644 });
      yield* walk(root, relPath, xattrs, links);
      continue;
    }
    if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? links.get(key) : undefined;
      if (first !== undefined) {
        yield header({ ...base, name: relPath, type: '1', linkname: first, xattrs: kept });
        continue;
      }
      if (st.nlink > 1) links.set(key, relPath);
      yield header({ ...base, name: relPath, type: '0', size: st.size, xattrs: kept });
      yield* fileBody(path, st);
      continue;
    }
    if (st.isSymbolicLink()) yield header({ ...base, name: relPath, type: '2', linkname: await readlink(path), xattrs: kept });
    else if (st.isCharacterDevice() || st.isBlockDevice()) {
      yield header({ ...base, name: relPath, type: st.isCharacterDevice() ? '3' : '4', devmajor: major(st.rdev), devminor: minor(st.rdev), xattrs: kept });
    } else if (st.isFIFO()) yield header({ ...base, name: relPath, type: '6', xattrs: kept });
  }
}

function whiteoutName(rel: string, name: string): string {
  return rel ? `${rel}/.wh.${name}` : `.wh.${name}`;
}

function keptXattrs(all: Map<string, Buffer> | undefined): Map<string, Buffer> | undefined {
  if (!all) return undefined;
  const kept = new Map([...all].filter(([k]) => !k.startsWith('trusted.overlay.')));
  return kept.size > 0 ? kept : undefined;
}

async function* fileBody(path: string, st: Stats): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    let left = st.size;
    while (left > 0) {
      const buf = Buffer.alloc(Math.min(left, 1024 * 1024));
      const { bytesRead } = await handle.read(buf, 0, buf.length, st.size - left);
      if (bytesRead === 0) throw new Error(`${path} shrank while it was being archived`);
      left -= bytesRead;
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
  const pad = st.size % BLOCK;
  if (pad) yield Buffer.alloc(BLOCK - pad);
}

// Linux's encoding of dev_t (glibc's gnu_dev_major/minor).
function major(dev: number): number {
  return Number(((BigInt(dev) >> 8n) & 0xfffn) | ((BigInt(dev) >> 32n) & ~0xfffn));
}
function minor(dev: number): number {
  return Number((BigInt(dev) & 0xffn) | ((BigInt(dev) >> 12n) & ~0xffn));
}

/** One entry's header blocks: a PAX header first when ustar cannot hold a field. */
function header(h: Header): Buffer {
  const pax: [string, string | Buffer][] = [];
  const nameBytes = Buffer.byteLength(h.name);
  if (nameBytes > 100) pax.push(['path', h.name]);
  if (h.linkname !== undefined && Buffer.byteLength(h.linkname) > 100) pax.push(['linkpath', h.linkname]);
  for (const [field, value] of [['uid', h.uid], ['gid', h.gid], ['size', h.size]] as const) {
    if (value > 0o7777777 && field !== 'size') pax.push([field, String(value)]);
    if (field === 'size' && value > 0o77777777777) pax.push(['size', String(value)]);
  }
  for (const [k, v] of h.xattrs ?? []) pax.push([`SCHILY.xattr.${k}`, v]);
  const main = ustar(h);
  if (pax.length === 0) return main;
  const body = Buffer.concat(pax.map(([k, v]) => paxRecord(k, v)));
  const paxHeader = ustar({ name: 'PaxHeader', type: 'x' as Header['type'], mode: 0o644, uid: 0, gid: 0, size: body.length, mtime: h.mtime });
  const pad = body.length % BLOCK ? Buffer.alloc(BLOCK - (body.length % BLOCK)) : Buffer.alloc(0);
  return Buffer.concat([paxHeader, body, pad, main]);
}

function paxRecord(key: string, value: string | Buffer): Buffer {
  const payload = Buffer.concat([Buffer.from(` ${key}=`), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\n')]);
  let len = payload.length + 1;
  while (String(len).length + payload.length !== len) len++;
  return Buffer.concat([Buffer.from(String(len)), payload]);
}

function ustar(h: Header): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(truncate(h.name, 100), 0, 'utf8');
  octal(b, 100, 8, h.mode);
  octal(b, 108, 8, Math.min(h.uid, 0o7777777));
  octal(b, 116, 8, Math.min(h.gid, 0o7777777));
  octal(b, 124, 12, Math.min(h.size, 0o77777777777));
  octal(b, 136, 12, Math.max(0, Math.min(h.mtime, 0o77777777777)));
  b.fill(0x20, 148, 156);
  b.write(h.type, 156, 'latin1');
  if (h.linkname !== undefined) b.write(truncate(h.linkname, 100), 157, 'utf8');
  b.write('ustar\u000000', 257, 'latin1');
  octal(b, 329, 8, h.devmajor ?? 0);
  octal(b, 337, 8, h.devminor ?? 0);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return b;
}

function octal(b: Buffer, offset: number, width: number, value: number): void {
  b.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, 'latin1');
}

/** Fits a name into a ustar field; the PAX record carries the whole name. */
function truncate(text: string, bytes: number): string {
  let out = text;
  while (Buffer.byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}
