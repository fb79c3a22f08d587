// The program's environment goes to the helper as a root-only file, never as
// argv: any host user can read every process's command line (ps -eo args),
// and -e DB_PASSWORD=... must not show there. Docker likewise keeps it in a
// root-only config file. Entries are NUL-separated KEY=VALUE.
import { randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ContainerError, fromSystemError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { StoreLayout } from '../store/layout.js';
import { ContainerPaths } from './record.js';

export function encodeEnv(env: readonly string[]): Buffer {
  for (const e of env) {
    if (e.includes('\0')) {
      // The name only: the value may be the secret this file exists to protect.
      throw new ContainerError('INVALID_ENV', `environment variable ${JSON.stringify(e.split('=')[0]!.slice(0, 64))} contains a NUL byte`, {
        hint: 'remove the NUL byte from the -e value or --env-file line',
        fields: { exitStatus: 125 },
      });
    }
  }
  return Buffer.from(env.map((e) => `${e}\0`).join(''), 'utf8');
}

/** containers/<id>/env for the helper's `run --env-file`: rewritten at every start. */
export async function writeRunEnvFile(layout: StoreLayout, id: string, env: readonly string[]): Promise<string> {
  const path = new ContainerPaths(layout, id).env;
  // Not durable: it is written again before every start.
  await writeFileAtomic(path, encodeEnv(env), 0o600, { durable: false });
  return path;
}

/**
 * A fresh containers/<id>/exec-env-<hex> for one `exec`. The helper unlinks
 * it as soon as it has read it (the engine cannot know when that is for
 * `exec -d` or a pty); removeExecEnvFile covers a helper that failed first.
 */
export async function writeExecEnvFile(layout: StoreLayout, id: string, env: readonly string[]): Promise<string> {
  const data = encodeEnv(env);
  const path = join(new ContainerPaths(layout, id).dir, `exec-env-${randomBytes(16).toString('hex')}`);
  try {
    // 'wx': never through a planted file; the helper refuses any mode but 0600 and any owner but root.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  } catch (err) {
    await rm(path, { force: true }).catch(() => undefined);
    throw fromSystemError(err, `writing ${path}`);
  }
  return path;
}

export async function removeExecEnvFile(path: string | undefined): Promise<void> {
  if (path) await rm(path, { force: true }).catch(() => undefined);
}
