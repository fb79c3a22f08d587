// What `version` tells about the privileged helper: where it is, whether it
// is installed the way setup installs it (setuid root), and whether it is
// the same build as this checkout's (a stale installed copy after an update
// is the usual cause of "unknown verb" errors).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { locateHelper } from '../helper/locate.js';

export interface HelperStatus {
  /** The helper this process would run; undefined when none is found. */
  path: string | undefined;
  setuidRoot: boolean;
  /** Octal permission bits, e.g. "4750". */
  mode: string;
  owner: string;
  group: string;
  sha256: string | undefined;
  /** The checkout's own build, when there is one. */
  buildPath: string | undefined;
  /** True when the helper in use is the checkout's build or byte-identical to it; undefined when there is nothing to compare with. */
  matchesBuild: boolean | undefined;
  error: string | undefined;
}

function checkoutBuild(): string {
  return fileURLToPath(new URL('../../../helper-c/build/tscontain-helper', import.meta.url));
}

async function sha256Of(path: string): Promise<string | undefined> {
  return readFile(path).then((b) => createHash('sha256').update(b).digest('hex'), () => undefined);
}

/** Name of a uid or gid from /etc/passwd or /etc/group, else the number. */
export function idName(file: string, id: number): string {
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && Number(f[2]) === id && f[2] !== '') return f[0]!;
    }
  } catch {
    // No such file: the number will do.
  }
  return String(id);
}

export async function helperStatus(env: NodeJS.ProcessEnv = process.env): Promise<HelperStatus> {
  const build = checkoutBuild();
  const buildSum = await sha256Of(build);
  let path: string | undefined;
  let error: string | undefined;
  try {
    path = locateHelper(env);
  } catch (err) {
    error = (err as Error).message;
  }
  const st = path ? await stat(path).catch(() => undefined) : undefined;
  const sum = path ? await sha256Of(path) : undefined;
  return {
    path,
    setuidRoot: st !== undefined && st.uid === 0 && (st.mode & 0o4000) !== 0,
    mode: st ? (st.mode & 0o7777).toString(8).padStart(4, '0') : '',
    owner: st ? idName('/etc/passwd', st.uid) : '',
    group: st ? idName('/etc/group', st.gid) : '',
    sha256: sum,
    buildPath: buildSum ? build : undefined,
    // Unreadable (a non-member of group tscontain cannot read the 4750 helper): unknown, not "no".
    matchesBuild: path === build ? true : path === undefined || buildSum === undefined || sum === undefined ? undefined : sum === buildSum,
    error,
  };
}
