// /etc/hostname, /etc/hosts and /etc/resolv.conf, written into the
// container's upper dir before its first start (the helper README allows it
// and never touches them), so they shadow the image's copies as Docker's do.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromSystemError } from '../errors.js';
import { noteUpperDirs } from './file-layers.js';

/** The host's resolv.conf without loopback nameservers, which mean nothing inside the container. */
export function containerResolvConf(host: string): string {
  const lines = host.split('\n').filter((line) => {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    return !m || !(m[1]!.startsWith('127.') || m[1] === '::1');
  });
  const text = lines.join('\n').trim();
  return text ? `${text}\n` : '# no usable nameserver on the host\n';
}

export function containerHosts(hostname: string): string {
  return [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    `127.0.0.1\t${hostname}`,
    '',
  ].join('\n');
}

export async function writeEtcFiles(upperDir: string, hostname: string): Promise<void> {
  const etc = join(upperDir, 'etc');
  try {
    await mkdir(upperDir, { mode: 0o755 });
    await mkdir(etc, { mode: 0o755 });
    const resolv = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
    await writeFile(join(etc, 'hostname'), `${hostname}\n`, { mode: 0o644 });
    await writeFile(join(etc, 'hosts'), containerHosts(hostname), { mode: 0o644 });
    await writeFile(join(etc, 'resolv.conf'), containerResolvConf(resolv), { mode: 0o644 });
    // Made here, so not opaque: the first start need not read its xattrs.
    await noteUpperDirs(upperDir, ['etc']);
  } catch (err) {
    // The upper dir is internal to the store: name the files as the container
    // sees them, and drop the store path node puts at the end of its message.
    const e = err as NodeJS.ErrnoException;
    if (e?.message) e.message = e.message.replace(/, \w+ '[^']*'$/, '');
    throw fromSystemError(e, "preparing the container's /etc/hostname, /etc/hosts and /etc/resolv.conf");
  }
}
