// The helper's container verbs (run, kill, cleanup) as async calls: each is
// one short process whose failure is one stderr line, mapped by helperFailure.
import { spawn } from 'node:child_process';
import { locateHelper } from '../helper/locate.js';
import { helperFailure } from '../helper/helper-error.js';
import { AbortedError } from '../errors.js';

export interface HelperResult {
  stdout: string;
  stderr: string;
}

export async function callHelper(verb: string, args: string[], signal?: AbortSignal): Promise<HelperResult> {
  const child = spawn(locateHelper(), [verb, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  // Not killed on abort: a half-done run or cleanup is worse than a finished
  // one, and each verb takes milliseconds. The abort is reported afterwards.
  const { code, sig } = await new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve({ code: c, sig: s }));
  });
  if (code !== 0) throw helperFailure(verb, code, sig, stderr);
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
  return { stdout, stderr };
}

export function helperKill(store: string, id: string, signal: string): Promise<HelperResult> {
  return callHelper('kill', ['--store', store, '--id', id, '--signal', signal]);
}

export function helperCleanup(store: string, id: string): Promise<HelperResult> {
  return callHelper('cleanup', ['--store', store, '--id', id]);
}
