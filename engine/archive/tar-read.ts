// A streaming tar reader for archives from outside (docker-archive, OCI
// layout tars): ustar, PAX `x`/`g`, GNU `L`/`K`, base-256 numbers. Every
// field is checked; names are returned as written, callers decide what is safe.
import type { Readable } from 'node:stream';
import { BLOCK, padding, type TarType } from './tar-header.js';

export interface ReadHeader {
  name: string;
  type: TarType;
  size: number;
  mode: number;
  linkname: string;
}

export class TarFormatError extends Error {}

/** Largest PAX or GNU long-name record we accept. */
const MAX_META = 1024 * 1024;

class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private readonly it: AsyncIterator<Buffer>;
  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }
  private async fill(n: number): Promise<boolean> {
    while (this.length < n) {
      const next = await this.it.next();
      if (next.done) return false;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      this.buffered.push(chunk);
      this.length += chunk.length;
    }
    return true;
  }
  /** Exactly n bytes, or null at a clean end of input (no byte read). */
  async read(n: number): Promise<Buffer | null> {
    if (!(await this.fill(n))) {
      if (this.length === 0) return null;
      throw new TarFormatError('truncated archive');
    }
    const all = Buffer.concat(this.buffered);
    this.buffered = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.length === 0 && !(await this.fill(1))) throw new TarFormatError('truncated archive');
      const head = this.buffered.shift()!;
      const take = Math.min(left, head.length);
      if (take < head.length) this.buffered.unshift(head.subarray(take));
      this.length -= take;
      left -= take;
      yield head.subarray(0, take);
    }
  }
  async skip(n: number): Promise<void> {
    for await (const chunk of this.chunks(n)) void chunk;
  }
}

/**
 * Calls `onEntry` for each entry; `body` must be consumed (or ignored: the
 * rest is skipped) before the returned promise settles.
 */
export async function readTar(
  source: Readable | AsyncIterable<Buffer>,
  onEntry: (header: ReadHeader, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const reader = new ByteReader(source as AsyncIterable<Buffer>);
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block === null) throw new TarFormatError('archive ends without its end marker');
    if (block.every((b) => b === 0)) return;
    verifyChecksum(block);
    const flag = String.fromCharCode(block[156]!);
    const size = number(block, 124, 12, 'size');
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META) throw new TarFormatError(`metadata entry of ${size} bytes is too large`);
      const data = (await reader.read(size + padding(size))) ?? Buffer.alloc(0);
      const body = data.subarray(0, size);
      if (flag === 'x') pax = { ...pax, ...parsePax(body) };
      else if (flag === 'L') longName = cString(body, 0, body.length);
      else if (flag === 'K') longLink = cString(body, 0, body.length);
      continue;
    }
    const type = typeOf(flag);
    let name = cString(block, 0, 100);
    if (block.toString('latin1', 257, 262) === 'ustar') {
      const prefix = cString(block, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const header: ReadHeader = {
      name: pax.path ?? longName ?? name,
      type,
      size: pax.size !== undefined ? paxNumber(pax.size) : size,
      mode: number(block, 100, 8, 'mode'),
      linkname: pax.linkpath ?? longLink ?? cString(block, 157, 100),
    };
    if (type !== 'file') header.size = 0;
    pax = {};
    longName = longLink = undefined;
    const body = reader.chunks(header.size);
    await onEntry(header, body);
    for await (const rest of body) void rest;
    await reader.skip(padding(header.size));
  }
}

function typeOf(flag: string): TarType {
  switch (flag) {
    case '0': case '\0': case '7': return 'file';
    case '1': return 'hardlink';
    case '2': return 'symlink';
    case '3': return 'char';
    case '4': return 'block';
    case '5': return 'dir';
    case '6': return 'fifo';
    default: throw new TarFormatError(`unsupported entry type ${JSON.stringify(flag)}`);
  }
}

function verifyChecksum(block: Buffer): void {
  const stored = number(block, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) throw new TarFormatError('header checksum mismatch (not a tar archive, or a corrupt one)');
}

function number(block: Buffer, offset: number, length: number, what: string): number {
  if (block[offset]! & 0x80) {
    if (block[offset] === 0xff) throw new TarFormatError(`negative ${what}`);
    let value = block[offset]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + block[offset + i]!;
    if (!Number.isSafeInteger(value)) throw new TarFormatError(`${what} too large`);
    return value;
  }
  const text = block.toString('latin1', offset, offset + length).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad ${what} field`);
  return parseInt(text, 8);
}

function paxNumber(text: string): number {
  if (!/^\d{1,16}$/.test(text)) throw new TarFormatError(`bad PAX size ${JSON.stringify(text.slice(0, 20))}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new TarFormatError('PAX size too large');
  return value;
}

function cString(b: Buffer, offset: number, length: number): string {
  const end = b.indexOf(0, offset);
  return b.toString('utf8', offset, end < 0 || end > offset + length ? offset + length : end);
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    if (space < 0) throw new TarFormatError('bad PAX record');
    const len = Number(body.toString('latin1', pos, space));
    if (!Number.isSafeInteger(len) || len <= space - pos || pos + len > body.length) throw new TarFormatError('bad PAX record length');
    const record = body.subarray(space + 1, pos + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq < 0) throw new TarFormatError('bad PAX record');
    out[record.toString('utf8', 0, eq)] = record.toString('utf8', eq + 1);
    pos += len;
  }
  return out;
}
