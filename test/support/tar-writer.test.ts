// The tar writer's output, read back by GNU tar and by node-tar.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Parser, type ReadEntry } from 'tar';
import { writeTar, type TarEntry } from './tar-writer.js';

const LONG = `d/${'x'.repeat(150)}`;
const GNU_LONG = `g/${'y'.repeat(120)}`;
const LONG_LINK = `/${'z'.repeat(130)}`;

const ENTRIES: TarEntry[] = [
  { name: 'dir/', type: 'dir', mode: 0o1777 },
  {
    name: 'dir/f', type: 'file', body: 'hello', mode: 0o4755, uid: 1000, gid: 2000, uname: 'app', gname: 'grp',
    xattrs: { 'user.foo': 'bar', 'security.capability': Buffer.from([1, 0, 0, 2, 0x20, 0, 0, 0]) },
  },
  { name: LONG, type: 'file', body: 'long' },
  { name: GNU_LONG, type: 'file', body: 'gnu', longName: 'gnu' },
  { name: 'sl', type: 'symlink', linkname: LONG_LINK },
  { name: 'hl', type: 'hardlink', linkname: 'dir/f' },
  { name: 'null', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 },
  { name: 'sda', type: 'block', devmajor: 8, devminor: 0, mode: 0o660 },
  { name: 'fifo', type: 'fifo', mode: 0o600 },
  { name: '../evil', type: 'file', body: 'e' },
  { name: '/abs', type: 'file', body: 'a' },
  { name: 'big-uid', type: 'file', uid: 3_000_000_000, gid: 5 },
];

function withTar<T>(data: Buffer, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tar-writer-test-'));
  try {
    const path = join(dir, 'a.tar');
    writeFileSync(path, data);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function gnuList(data: Buffer, extra: string[] = []): string[] {
  return withTar(data, (path) => execFileSync('tar', ['-tvvf', path, '--numeric-owner', ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))
    .split('\n').filter(Boolean);
}

test('GNU tar lists every entry type, mode, owner, device and link as written', () => {
  const lines = gnuList(writeTar(ENTRIES));
  const find = (name: string): string => {
    const line = lines.find((l) => l.includes(` ${name}`));
    assert.ok(line, `no line for ${name} in:\n${lines.join('\n')}`);
    return line;
  };
  assert.match(find('dir/'), /^drwxrwxrwt +0\/0 /);
  assert.match(find('dir/f'), /^-rwsr-xr-x\S* +1000\/2000 +5 /);
  assert.match(find(LONG), /^-rw-r--r-- +0\/0 +4 .* d\/x{150}$/);
  assert.match(find(GNU_LONG), /^-rw-r--r-- +0\/0 +3 .* g\/y{120}$/);
  assert.match(find('sl'), new RegExp(`^lrwxrwxrwx .* sl -> ${LONG_LINK}$`));
  assert.match(find('hl'), /^h.* hl link to dir\/f$/);
  assert.match(find('null'), /^crw-rw-rw- +0\/0 +1,3 /);
  assert.match(find('sda'), /^brw-rw---- +0\/0 +8,0 /);
  assert.match(find('fifo'), /^prw------- /);
  assert.match(find('../evil'), / \.\.\/evil$/);
  assert.match(find('/abs'), / \/abs$/);
  assert.match(find('big-uid'), / 3000000000\/5 /);
});

test('GNU tar reads the xattrs (PAX SCHILY.xattr) and file bodies', () => {
  const lines = gnuList(writeTar(ENTRIES), ['--xattrs', '--xattrs-include=*']);
  const i = lines.findIndex((l) => l.endsWith(' dir/f'));
  assert.deepEqual(lines.slice(i + 1, i + 3).map((l) => l.trim()), ['x: 3 user.foo', 'x: 8 security.capability']);
  const body = withTar(writeTar(ENTRIES), (path) => execFileSync('tar', ['-xOf', path, 'dir/f', LONG], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(body, 'hellolong');
});

test('PAX record lengths are right across digit-count boundaries', () => {
  const entries: TarEntry[] = [];
  for (let n = 85; n <= 110; n++) entries.push({ name: `f${n}`, type: 'file', xattrs: { 'user.v': 'v'.repeat(n) } });
  const lines = gnuList(writeTar(entries), ['--xattrs', '--xattrs-include=*']);
  const sizes = lines.filter((l) => l.trim().startsWith('x:')).map((l) => Number(l.trim().split(' ')[1]));
  assert.deepEqual(sizes, entries.map((_, i) => 85 + i));
});

function nodeTarRead(data: Buffer): Promise<Record<string, Partial<ReadEntry> & { body: string }>> {
  return new Promise((resolve, reject) => {
    const out: Record<string, Partial<ReadEntry> & { body: string }> = {};
    const parser = new Parser({ strict: true });
    parser.on('entry', (e: ReadEntry) => {
      const rec = { type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, linkpath: e.linkpath, size: e.size, body: '' };
      out[e.path] = rec;
      e.on('data', (c: Buffer) => { rec.body += c.toString(); });
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.end(data);
  });
}

test('node-tar parses the same archive', async () => {
  const got = await nodeTarRead(writeTar(ENTRIES));
  assert.equal(Object.keys(got).length, ENTRIES.length);
  assert.equal(got['dir/']?.type, 'Directory');
  assert.equal(got['dir/']?.mode, 0o1777);
  assert.deepEqual({ ...got['dir/f'] }, { type: 'File', mode: 0o4755, uid: 1000, gid: 2000, linkpath: undefined, size: 5, body: 'hello' });
  assert.equal(got[LONG]?.body, 'long');
  assert.equal(got[GNU_LONG]?.body, 'gnu');
  assert.equal(got.sl?.type, 'SymbolicLink');
  assert.equal(got.sl?.linkpath, LONG_LINK);
  assert.equal(got.hl?.type, 'Link');
  assert.equal(got.hl?.linkpath, 'dir/f');
  assert.equal(got.null?.type, 'CharacterDevice');
  assert.equal(got.sda?.type, 'BlockDevice');
  assert.equal(got.fifo?.type, 'FIFO');
  assert.equal(got['../evil']?.body, 'e');
  assert.equal(got['/abs']?.body, 'a');
  assert.equal(got['big-uid']?.uid, 3_000_000_000);
});

test('endBlocks controls the end-of-archive marker; typeflag overrides the type byte', () => {
  const entry: TarEntry = { name: 'x', type: 'file', body: 'abc' };
  assert.equal(writeTar([entry]).length, 512 * 4);
  assert.equal(writeTar([entry], { endBlocks: 0 }).length, 512 * 2);
  const raw = writeTar([{ ...entry, typeflag: 'Z' }]);
  assert.equal(String.fromCharCode(raw[156]!), 'Z');
});
