// Reading and writing cgroup control files, with kernel errors turned into
// CgroupErrors that say which file and value. The cgroup filesystem answers
// EACCES even to root for a file that does not exist (a controller that is
// not there), so that case is told apart from a real permission problem.
import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CgroupError } from '../errors.js';

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function writeControl(dir: string, file: string, value: string): Promise<void> {
  const path = join(dir, file);
  try {
    await writeFile(path, value);
  } catch (err) {
    const code = errno(err);
    const fields = { path, value };
    if ((code === 'EACCES' || code === 'ENOENT') && !(await exists(path))) {
      throw new CgroupError('CGROUP_CONTROLLER_MISSING', `this kernel has no ${file} (in ${dir})`, {
        cause: err, fields, hint: `enable the ${file.split('.')[0]} cgroup controller, or drop the limit that needs it`,
      });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new CgroupError('CGROUP_DENIED', `not allowed to write ${path}`, { cause: err, fields, hint: 'run it with sudo' });
    }
    if (code === 'EINVAL' || code === 'EBUSY' || code === 'ERANGE' || code === 'ENOSPC') {
      throw new CgroupError('CGROUP_LIMIT_REJECTED', `the kernel refused "${value}" for ${file} (${code})`, { cause: err, fields });
    }
    throw new CgroupError('CGROUP_IO', `writing "${value}" to ${path}: ${(err as Error).message}`, { cause: err, fields });
  }
}

/** A control file's text, or undefined when it does not exist. */
export async function readControl(dir: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw new CgroupError('CGROUP_IO', `reading ${join(dir, file)}: ${(err as Error).message}`, {
      cause: err, fields: { path: join(dir, file) },
    });
  }
}

/** The pids in a cgroup.procs (or tasks) file; empty when the cgroup is gone. */
export async function readPidList(dir: string, file = 'cgroup.procs'): Promise<number[]> {
  const text = await readControl(dir, file);
  if (text === undefined) return [];
  return text.split('\n').filter(Boolean).map(Number).filter(Number.isSafeInteger);
}

/** mkdir of one cgroup; true if it was created now, false if it was there already. */
export async function makeCgroupDir(path: string): Promise<boolean> {
  try {
    await mkdir(path);
    return true;
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    const code = errno(err) === 'EACCES' || errno(err) === 'EPERM' ? 'CGROUP_DENIED' : 'CGROUP_IO';
    throw new CgroupError(code, `creating cgroup ${path}: ${(err as Error).message}`, {
      cause: err, fields: { path }, hint: code === 'CGROUP_DENIED' ? 'run it with sudo' : undefined,
    });
  }
}

/**
 * mkdir of a container's leaf cgroup. One left over by a crash is replaced
 * (it may hold stale limits); one with processes in it is refused.
 */
export async function makeFreshCgroupDir(path: string): Promise<void> {
  if (await makeCgroupDir(path)) return;
  if ((await readPidList(path)).length > 0) {
    throw new CgroupError('CGROUP_EXISTS', `cgroup ${path} already exists and has processes`, {
      fields: { path }, hint: 'remove the container that owns it first',
    });
  }
  await removeCgroupDir(path, 3);
  await makeCgroupDir(path);
}

/**
 * rmdir of a leaf cgroup. A process that has just exited can keep it busy for
 * a moment (the kernel releases it after the parent reaps it), so EBUSY is
 * retried briefly while cgroup.procs is empty; living members fail at once.
 */
export async function removeCgroupDir(path: string, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rmdir(path);
      return;
    } catch (err) {
      const code = errno(err);
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' && code !== 'ENOTEMPTY') {
        throw new CgroupError('CGROUP_IO', `removing cgroup ${path}: ${(err as Error).message}`, { cause: err, fields: { path } });
      }
      const members = await readPidList(path);
      if (members.length > 0 || attempt >= attempts) {
        throw new CgroupError('CGROUP_BUSY', `cgroup ${path} still has ${members.length} process(es)`, {
          cause: err,
          fields: { path, pids: members.slice(0, 10).join(' ') },
          hint: 'stop or kill the container first',
        });
      }
      await sleep(10 * attempt);
    }
  }
}
