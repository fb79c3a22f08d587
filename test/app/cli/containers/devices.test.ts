// Device access through the CLI: root in a container has CAP_MKNOD (Docker's
// default set) but the devices cgroup only lets it open the harmless nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

/** "MAJOR MINOR" of a block device this host's root can open (a VM may forbid its own disk). */
function openableBlockDevice(): string | undefined {
  const dir = mkdtempSync('/var/tmp/tsc-dev-');
  try {
    for (const name of readdirSync('/sys/dev/block')) {
      const [major, minor] = name.split(':');
      const node = join(dir, name.replace(':', '-'));
      try {
        execFileSync('mknod', [node, 'b', major!, minor!]);
        closeSync(openSync(node, 'r'));
        return `${major} ${minor}`;
      } catch {
        continue;
      }
    }
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const disk = skip ? undefined : openableBlockDevice();
const noDisk = skip ?? (disk === undefined ? 'no block device that root may open here' : undefined);

const probe = (dev: string) => [
  'sh', '-c',
  `mknod /tmp/disk b ${dev} && echo mknod=ok; head -c 1 /tmp/disk >/dev/null && echo disk=open;`
  + ' head -c 4 /dev/zero | wc -c; head -c 4 /dev/urandom | wc -c; echo x >/dev/null && echo null=ok;'
  + ' ls /dev/pts/ >/dev/null && echo pts=ok; true',
];

test('mknod of a host disk works but opening it is refused; null, zero, urandom, pts work', { skip: noDisk }, async () => {
  const r = await f.cli('run', '--rm', 'busybox', ...probe(disk!));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\/tmp\/disk: Operation not permitted/);
  assert.equal(r.stdout, 'mknod=ok\n4\n4\nnull=ok\npts=ok\n');
});

test('--privileged can open the host disk', { skip: noDisk }, async () => {
  const r = await f.cli('run', '--rm', '--privileged', 'busybox', ...probe(disk!));
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /Operation not permitted/);
  assert.match(r.stdout, /^mknod=ok\n(disk=open\n)?4\n4\nnull=ok\n/);
});
