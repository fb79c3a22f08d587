// The real CLI with a file or bytes on stdin and stdout going to a file, for
// the commands that stream archives (save, load, export, import).
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { CLI_ENTRY, type CliResult } from '../../../support/tscontain-cli.js';

export function runCliStdio(args: string[], env: NodeJS.ProcessEnv, io: { stdin?: Buffer; stdoutFile?: string }): Promise<CliResult> {
  const out = io.stdoutFile === undefined ? 'pipe' : openSync(io.stdoutFile, 'w');
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env, stdio: ['pipe', out, 'pipe'] });
  if (typeof out === 'number') closeSync(out);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(io.stdin ?? Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
