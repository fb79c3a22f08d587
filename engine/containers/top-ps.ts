// `top CONTAINER [ps OPTIONS]`: as Docker does, the host's `ps` runs with the
// user's options (restricted to the container's pids with `-q` when ps
// accepts it) and only the rows whose PID column names one of the
// container's processes are kept. Reading /proc through ps is no privileged
// kernel work; the engine only needs the pid list from the cgroup.
import { execFile } from 'node:child_process';
import { UsageError, TscontainError } from '../errors.js';
import type { TopResult } from './top.js';

function runPs(args: readonly string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ps', args, { signal, maxBuffer: 16 << 20, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr) }));
      else resolve(String(stdout));
    });
  });
}

/** Rows of `ps` output for the given pids; the last column keeps its spaces (a command line). */
export function parsePsOutput(output: string, pids: readonly number[]): TopResult {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const titles = (lines[0] ?? '').trim().split(/\s+/).filter(Boolean);
  const pidIndex = titles.indexOf('PID');
  if (pidIndex < 0) {
    throw new UsageError("couldn't find the PID column in the output of ps", {
      hint: 'include pid in the ps options, for example `-o pid,comm,args`',
    });
  }
  const wanted = new Set(pids);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!wanted.has(Number(fields[pidIndex]))) continue;
    processes.push([...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')]);
  }
  return { titles, processes };
}

export async function psProcesses(pids: readonly number[], psArgs: readonly string[], signal?: AbortSignal): Promise<TopResult> {
  // Options are passed as their own argv words: no shell ever sees them.
  const list = pids.length > 0 ? [...pids].sort((a, b) => a - b).join(',') : '0';
  let output: string;
  try {
    output = await runPs([...psArgs, '-q', list], signal);
  } catch {
    // Some options (f, -e...) do not combine with -q: run them alone and filter, as Docker does.
    try {
      output = await runPs(psArgs, signal);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') {
        throw new TscontainError('PS_MISSING', 'top with ps options needs the host\'s ps', { hint: 'install procps', cause: err });
      }
      const why = (e.stderr ?? '').trim().split('\n')[0] || e.message;
      throw new UsageError(`ps ${psArgs.join(' ')} failed: ${why}`, { cause: err });
    }
  }
  return parsePsOutput(output, pids);
}
