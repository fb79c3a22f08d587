import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import {
  parseBytes, parseMountFlag, parseMountFlags, parseTmpfsFlag, parseVolumeFlag, parseVolumesFrom,
} from '../../../engine/volumes/mount-spec.js';
import { TscontainError } from '../../../engine/errors.js';

const usage = (re: RegExp) => (err: unknown) => err instanceof TscontainError && err.code === 'USAGE' && re.test(err.message);

test('-v: bind, named volume, anonymous volume, modes', () => {
  assert.deepEqual(parseVolumeFlag('/srv/data:/data'),
    { type: 'bind', source: '/srv/data', target: '/data', readOnly: false, createSource: true, origin: 'volume-flag' });
  assert.deepEqual(parseVolumeFlag('cache:/var/cache/:ro'),
    { type: 'volume', source: 'cache', target: '/var/cache', readOnly: true, createSource: false, origin: 'volume-flag' });
  assert.equal(parseVolumeFlag('/data').source, '');
  assert.equal(parseVolumeFlag('/data').type, 'volume');
  const anonRo = parseVolumeFlag('/data:ro');
  assert.deepEqual([anonRo.source, anonRo.target, anonRo.readOnly], ['', '/data', true]);
  assert.equal(parseVolumeFlag('/a/../b:/x:rw,z').source, '/b');
  assert.equal(parseVolumeFlag('v1:/x:nocopy,rprivate').readOnly, false);
  assert.equal(parseVolumeFlag('v1:/x:nocopy,rprivate').noCopy, true);
  assert.equal(parseVolumeFlag('v1:/x').noCopy, undefined);
  assert.throws(() => parseVolumeFlag('v:/x'), (e: unknown) => e instanceof TscontainError && /invalid characters/.test(e.message), 'Docker: at least 2 characters');
});

test('-v: bad specs are usage errors that say what is wrong', () => {
  assert.throws(() => parseVolumeFlag('a:b:c:d'), usage(/invalid volume specification: "a:b:c:d"/));
  assert.throws(() => parseVolumeFlag('.rel:/x'), usage(/invalid characters for a local volume name/));
  // Docker >= 23: ./ and ../ sources are binds of paths below the current directory; a bare name is a volume.
  assert.deepEqual([parseVolumeFlag('./rel:/x').type, parseVolumeFlag('./rel:/x').source], ['bind', `${process.cwd()}/rel`]);
  assert.equal(parseVolumeFlag('.:/x:ro').source, process.cwd());
  assert.equal(parseVolumeFlag('../up/./d:/x').source, posix.resolve(process.cwd(), '../up/d'));
  assert.equal(parseVolumeFlag('./rel:/x').createSource, true);
  assert.equal(parseVolumeFlag('rel:/x').type, 'volume');
  assert.equal(parseMountFlag('type=bind,source=./d,target=/x').source, `${process.cwd()}/d`);
  assert.throws(() => parseVolumeFlag('vol:rel'), usage(/must be absolute/));
  assert.throws(() => parseVolumeFlag('vol:/x:rx'), usage(/invalid mode "rx"/));
  assert.throws(() => parseVolumeFlag('vol:/x:ro,rw'), usage(/both ro and rw/));
  assert.throws(() => parseVolumeFlag('vol:/x:rshared'), usage(/propagation mode "rshared" is not supported/));
  assert.throws(() => parseVolumeFlag(':/x'), usage(/empty source/));
  assert.throws(() => parseVolumeFlag('vol:/'), usage(/destination can't be "\/"/));
  for (const t of ['/proc', '/proc/sys', '/sys/', '//sys/fs', '/x/../proc']) {
    assert.throws(() => parseVolumeFlag(`vol:${t}`), usage(/cannot mount over \/(proc|sys)/), t);
  }
  assert.equal(parseVolumeFlag('vol:/process').target, '/process');
});

test('--mount: keys and aliases of Docker, tmpfs options, errors', () => {
  assert.deepEqual(parseMountFlag('type=bind,src=/s,dst=/d,readonly'),
    { type: 'bind', source: '/s', target: '/d', readOnly: true, createSource: false, origin: 'mount-flag' });
  assert.deepEqual(parseMountFlag('source=vol,target=/d,ro=false,volume-label=a=b,volume-nocopy'),
    { type: 'volume', source: 'vol', target: '/d', readOnly: false, labels: { a: 'b' }, noCopy: true, origin: 'mount-flag' });
  assert.equal(parseMountFlag('source=vol,target=/d,volume-nocopy=false').noCopy, undefined);
  assert.equal(parseMountFlag('target=/d').source, '');
  assert.deepEqual(parseMountFlag('type=tmpfs,destination=/t,tmpfs-size=64m,tmpfs-mode=1770'),
    { type: 'tmpfs', source: '', target: '/t', readOnly: false, tmpfsOptions: 'size=67108864,mode=1770', origin: 'mount-flag' });
  assert.throws(() => parseMountFlag('type=nfs,target=/x'), usage(/mount type "nfs" is not supported/));
  assert.throws(() => parseMountFlag('type=bind,target=/x'), usage(/a bind mount needs a source/));
  assert.throws(() => parseMountFlag('type=bind,source=rel,target=/x'), usage(/must be an absolute path/));
  assert.throws(() => parseMountFlag('type=volume,source=v'), usage(/target is required/));
  assert.throws(() => parseMountFlag('type=tmpfs,source=x,target=/x'), usage(/takes no source/));
  assert.throws(() => parseMountFlag('target=/x,tmpfs-size=1m'), usage(/need type=tmpfs/));
  assert.throws(() => parseMountFlag('type=tmpfs,target=/x,tmpfs-mode=9'), usage(/expected octal/));
  assert.throws(() => parseMountFlag('target=/x,colour=blue'), usage(/unexpected key "colour"/));
  assert.throws(() => parseMountFlag('target=/x,readonly=maybe'), usage(/expected true or false/));
  assert.throws(() => parseMountFlag('type=bind,source=/s,target=/x,bind-propagation=shared'), usage(/not supported/));
  assert.throws(() => parseMountFlag('type=volume,source=/abs,target=/x,volume-driver=local'), usage(/not a valid volume name/));
});

test('--tmpfs: the closed option set, ro', () => {
  assert.deepEqual(parseTmpfsFlag('/run:rw,size=64m,mode=755,uid=1000,exec'),
    { type: 'tmpfs', source: '', target: '/run', readOnly: false, tmpfsOptions: 'size=64m,mode=755,uid=1000,exec', origin: 'tmpfs-flag' });
  assert.equal(parseTmpfsFlag('/run:ro').readOnly, true);
  assert.equal(parseTmpfsFlag('/run').tmpfsOptions, '');
  assert.throws(() => parseTmpfsFlag('/run:dev'), usage(/invalid tmpfs option "dev"/));
  assert.throws(() => parseTmpfsFlag('/run:size=1x'), usage(/invalid tmpfs option/));
  assert.throws(() => parseTmpfsFlag('/proc/x'), usage(/cannot mount over/));
});

test('--volumes-from and duplicates', () => {
  assert.deepEqual(parseVolumesFrom('web'), { container: 'web', mode: undefined });
  assert.deepEqual(parseVolumesFrom('web:ro'), { container: 'web', mode: 'ro' });
  assert.throws(() => parseVolumesFrom('web:rx'), usage(/mode must be ro or rw/));
  assert.throws(() => parseMountFlags({ volumes: ['aa:/x'], mounts: [], tmpfs: ['/x/'], volumesFrom: [] }), usage(/Duplicate mount point: \/x/));
});

test('parseBytes follows Docker RAMInBytes units', () => {
  assert.equal(parseBytes('1024'), 1024);
  assert.equal(parseBytes('64m'), 64 * 1024 * 1024);
  assert.equal(parseBytes('1.5g'), 1.5 * 1024 ** 3);
  assert.equal(parseBytes('2KiB'), 2048);
  assert.equal(parseBytes('lots'), undefined);
});
