// Scratch space inside the store. Every entry is named after the process that
// made it, so work left by a killed process is recognised and swept away,
// never mistaken for finished content.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { identityToken, isAlive, parseIdentityToken, selfIdentity } from '../util/proc.js';
import { fromSystemError } from '../errors.js';
import type { StoreLayout } from './layout.js';

export async function makeTmpDir(layout: StoreLayout, kind: string): Promise<string> {
  const dir = join(layout.tmpDir, `${identityToken(selfIdentity())}-${kind}-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    throw fromSystemError(err, `creating ${dir}`);
  }
  return dir;
}

export async function removeTree(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 3 });
}

/** Removes scratch entries whose owning process has exited. */
export async function sweepTmp(layout: StoreLayout): Promise<number> {
  let names: string[];
  try {
    names = await readdir(layout.tmpDir);
  } catch {
    return 0;
  }
  let swept = 0;
  for (const name of names) {
    const owner = parseIdentityToken(name);
    if (owner && isAlive(owner)) continue;
    await removeTree(join(layout.tmpDir, name));
    swept++;
  }
  return swept;
}
