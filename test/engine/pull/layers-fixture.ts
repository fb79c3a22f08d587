// A three-layer image exercising every kind of entry a layer can hold, built
// on busybox so it is also a realistic root filesystem.
import type { TarEntry } from '../../support/tar-writer.js';
import { busyboxLayer } from '../../support/image-builder.js';

export const featureLayers: TarEntry[][] = [
  busyboxLayer(),
  [
    { name: 'data/', type: 'dir', mode: 0o755 },
    { name: 'data/keep.txt', type: 'file', body: 'kept\n' },
    { name: 'data/remove-me.txt', type: 'file', body: 'to be whited out\n' },
    { name: 'cache/', type: 'dir' },
    { name: 'cache/old-1', type: 'file', body: 'old' },
    { name: 'cache/old-2', type: 'file', body: 'old' },
    { name: 'suid-tool', type: 'file', body: '#!/bin/sh\n', mode: 0o4755, uid: 0, gid: 0 },
    { name: 'owned', type: 'file', body: 'x', mode: 0o640, uid: 1234, gid: 5678 },
  ],
  [
    { name: 'data/.wh.remove-me.txt', type: 'file', body: '' },
    { name: 'cache/.wh..wh..opq', type: 'file', body: '' },
    { name: 'cache/new', type: 'file', body: 'new' },
    { name: 'links/', type: 'dir' },
    { name: 'links/target', type: 'file', body: 'linked content' },
    { name: 'links/hard', type: 'hardlink', linkname: 'links/target' },
    { name: 'links/abs-symlink', type: 'symlink', linkname: '/etc/passwd' },
    { name: 'links/rel-symlink', type: 'symlink', linkname: '../data/keep.txt' },
    { name: 'links/fifo', type: 'fifo' },
    { name: 'links/null', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 },
    { name: 'xattr-file', type: 'file', body: 'x', xattrs: { 'user.tscontain': 'hello' } },
    { name: 'deep/' + 'long-directory-name/'.repeat(8) + 'file.txt', type: 'file', body: 'long path' },
  ],
];
