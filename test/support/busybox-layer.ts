// A realistic root filesystem layer made from Debian's busybox-static, so
// tests can run `sh`, `true`, `echo`, `id`, `hostname`, `httpd` in a container.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { TarEntry } from './tar-writer.js';

export const BUSYBOX_PATH = '/bin/busybox';

export type BusyboxLayerOptions = {
  /** How applets point at the binary: absolute symlinks (Alpine) or hardlinks (the busybox image). */
  links?: 'symlink' | 'hardlink';
  busyboxPath?: string;
};

/** Throws an Error naming the package to install when busybox-static is absent. */
export function requireBusybox(path = BUSYBOX_PATH): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install busybox-static`);
}

const appletCache = new Map<string, string[]>();

/** Applet paths relative to `/` (e.g. `bin/sh`, `usr/bin/env`), without busybox itself. */
export function busyboxApplets(path = BUSYBOX_PATH): string[] {
  let list = appletCache.get(path);
  if (!list) {
    requireBusybox(path);
    const out = execFileSync(path, ['--list-full'], { encoding: 'utf8' });
    list = out.split('\n').map((s) => s.trim())
      .filter((s) => s.includes('/') && s !== 'bin/busybox' && !s.startsWith('/'));
    appletCache.set(path, list);
  }
  return list;
}

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
  'app:x:1000:1000:app:/home/app:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
  '',
].join('\n');

const GROUP = ['root:x:0:', 'daemon:x:1:', 'app:x:1000:', 'nogroup:x:65534:', 'nobody:x:65534:', ''].join('\n');

export function busyboxLayer(opts: BusyboxLayerOptions = {}): TarEntry[] {
  const path = opts.busyboxPath ?? BUSYBOX_PATH;
  const applets = busyboxApplets(path);
  const dir = (name: string, mode = 0o755): TarEntry => ({ name, type: 'dir', mode });
  const file = (name: string, body: string | Buffer, mode = 0o644): TarEntry => ({ name, type: 'file', body, mode });
  const entries: TarEntry[] = [
    dir('bin/'), dir('dev/'), dir('etc/'), dir('home/'),
    { name: 'home/app/', type: 'dir', mode: 0o755, uid: 1000, gid: 1000 },
    dir('proc/', 0o555), dir('root/', 0o700), dir('run/'), dir('sbin/'), dir('sys/', 0o555),
    dir('tmp/', 0o1777), dir('usr/'), dir('usr/bin/'), dir('usr/sbin/'),
    dir('var/'), dir('var/tmp/', 0o1777), dir('var/www/'),
    file('bin/busybox', readFileSync(path), 0o755),
    file('etc/passwd', PASSWD),
    file('etc/group', GROUP),
    file('etc/shadow', 'root:*:19000:0:99999:7:::\n', 0o640),
    file('etc/hostname', 'busybox\n'),
    file('etc/hosts', '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'),
    file('etc/resolv.conf', ''),
    file('var/www/index.html', 'hello from tscontain\n'),
  ];
  for (const applet of applets) {
    entries.push(opts.links === 'hardlink'
      ? { name: applet, type: 'hardlink', linkname: 'bin/busybox', mode: 0o755 }
      : { name: applet, type: 'symlink', linkname: '/bin/busybox' });
  }
  return entries;
}
