// commit, export and import with real containers: changes (deletions, an
// opaque directory, a hardlink, an xattr, a chown) survive a commit; a
// rootfs tarball (plain, gzip, zstd) imports and runs; an export re-imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { containerFixture, skip } from '../containers/fixture.js';
import { busyboxLayer } from '../../../support/image-builder.js';
import { writeTar } from '../../../support/tar-writer.js';
import { runCli } from '../../../support/tscontain-cli.js';

const fx = containerFixture();

async function ok(...args: string[]): Promise<string> {
  const r = await fx.cli(...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tsc-imga-'));
}

test('commit keeps changes, deletions, an opaque dir, hardlinks, xattrs and owners; diff_id = sha256 of the layer tar', { skip }, async () => {
  const script = [
    'echo committed > /root/new', 'ln /root/new /root/link', 'chown 1000:1000 /root/new', 'chmod 4750 /root/new',
    'rm /var/www/index.html', 'rm -rf /usr/sbin', 'mkdir /usr/sbin', 'echo only > /usr/sbin/only',
  ].join(' && ');
  await ok('run', '--name', 'to-commit', 'busybox', 'sh', '-c', script);
  const [container] = JSON.parse(await ok('inspect', 'to-commit')) as { Id: string }[];
  const id = container!.Id;
  // No setfattr in busybox: set the attribute the way a program in the container would land it, in its upper dir.
  execFileSync('setfattr', ['-n', 'user.note', '-v', 'hello', join(fx.env.root, 'containers', id, 'upper', 'root', 'new')]);

  const imageId = (await ok('commit', '-m', 'a message', '-a', 'Tester <t@example.com>', '-c', 'ENV COMMITTED=yes', '-c', 'CMD ["cat", "/root/new"]', 'to-commit', 'committed:1')).trim();
  assert.match(imageId, /^sha256:[0-9a-f]{64}$/);

  assert.equal(await ok('run', '--rm', 'committed:1'), 'committed\n');
  const check = [
    'stat -c "%u:%g %a %h" /root/new', '[ /root/new -ef /root/link ] && echo same-inode',
    'ls /var/www/index.html 2>/dev/null || echo deleted', 'ls /usr/sbin', 'echo $COMMITTED', 'cat /etc/passwd | head -1',
  ].join('; ');
  assert.equal(await ok('run', '--rm', 'committed:1', 'sh', '-c', check), '1000:1000 4750 2\nsame-inode\ndeleted\nonly\nyes\nroot:x:0:0:root:/root:/bin/sh\n');

  const [inspect] = JSON.parse(await ok('image', 'inspect', 'committed:1')) as { Id: string; Author: string; Config: { Env: string[]; Cmd: string[] }; RootFS: { Layers: string[] } }[];
  assert.equal(inspect!.Id, imageId);
  assert.equal(inspect!.Author, 'Tester <t@example.com>');
  assert.ok(inspect!.Config.Env.includes('COMMITTED=yes'));
  const record = JSON.parse(await readFile(join(fx.env.root, 'images', `${imageId.slice(7)}.json`), 'utf8')) as { layers: { chainId: string; diffId: string; digest: string }[] };
  const top = record.layers.at(-1)!;
  const tar = gunzipSync(await readFile(join(fx.env.root, 'blobs', 'sha256', top.digest.slice(7))));
  assert.equal(`sha256:${createHash('sha256').update(tar).digest('hex')}`, top.diffId);
  const listing = execFileSync('tar', ['-tvf', '-'], { input: tar, encoding: 'utf8' });
  assert.match(listing, /var\/www\/\.wh\.index\.html/);
  assert.match(listing, /usr\/sbin\/\.wh\.\.wh\.\.opq/);
  assert.match(listing, /root\/link link to root\/new|root\/new link to root\/link/);
  assert.doesNotMatch(listing, /etc\/hostname|etc\/resolv\.conf/);
  const attr = execFileSync('getfattr', ['--absolute-names', '-n', 'user.note', '--only-values', join(fx.env.root, 'layers', top.chainId.slice(7), 'diff', 'root', 'new')], { encoding: 'utf8' });
  assert.equal(attr, 'hello');
});

test('import of a rootfs tarball, plain, gzip and zstd (file and stdin), runs sh', { skip }, async () => {
  const dir = await scratchDir();
  const plain = writeTar(busyboxLayer());
  const forms: [string, Buffer][] = [['plain', plain], ['gzip', gzipSync(plain)], ['zstd', zstdCompressSync(plain)]];
  for (const [kind, bytes] of forms) {
    const file = join(dir, `rootfs-${kind}.tar`);
    await writeFile(file, bytes);
    const id = (await ok('import', '-c', 'CMD ["sh"]', '-m', `from ${kind}`, file, `imported:${kind}`)).trim();
    assert.match(id, /^sha256:/);
    assert.equal(await ok('run', '--rm', `imported:${kind}`, 'sh', '-c', 'echo ran'), 'ran\n', kind);
  }
  const viaStdin = await runCli(['import', '-', 'imported:stdin'], fx.env.env, { input: gzipSync(plain) });
  assert.equal(viaStdin.code, 0, viaStdin.stderr);
  assert.equal(await ok('run', '--rm', 'imported:stdin', 'sh', '-c', 'echo ran'), 'ran\n');
  const [inspected] = JSON.parse(await ok('image', 'inspect', 'imported:gzip')) as { Comment?: string }[];
  assert.equal(inspected?.Comment, 'from gzip', 'import -m sets the comment');
});

test('export writes the merged filesystem, which re-imports and runs', { skip }, async () => {
  await ok('run', '--name', 'to-export', 'busybox', 'sh', '-c', 'echo exported > /etc/mark && rm /var/www/index.html');
  const dir = await scratchDir();
  const file = join(dir, 'export.tar');
  await ok('export', '-o', file, 'to-export');
  const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
  assert.ok(listing.includes('etc/mark'));
  assert.ok(listing.includes('bin/busybox'));
  assert.ok(!listing.includes('var/www/index.html'));
  assert.ok(!listing.some((n) => n.includes('.wh.')));
  await ok('import', file, 'reimported:1');
  assert.equal(await ok('run', '--rm', 'reimported:1', 'cat', '/etc/mark'), 'exported\n');
});
