// `exec`: the helper's exec verb, run in the foreground. Without -t its
// stdio is the CLI's (stdin only with -i); its stderr passes through except
// the helper's own one-line report, which becomes the usual "Error:" line.
// With -t the interactive library runs it under node-pty.
import { spawn } from 'node:child_process';
import { execCommand } from '../../../engine/containers/exec-args.js';
import { removeExecEnvFile } from '../../../engine/containers/env-file.js';
import { findContainer } from '../../../engine/containers/lookup.js';
import { helperFailure } from '../../../engine/helper/helper-error.js';
import { flagBool, flagList, flagString } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { expandEnv, readEnvFile } from './container-flags.js';
import { requireOperands } from './container-cli.js';
import { loadInteractive } from './interactive-hooks.js';

const REPORT = /^tscontain-helper: [A-Z]+: /;

async function execPlain(ctx: CommandContext, file: string, args: string[], stdin: boolean): Promise<number> {
  const child = spawn(file, args, { stdio: [stdin ? 'inherit' : 'ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(ctx.stdout, { end: false });
  let pending = '';
  let report = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    // Held back line by line so the helper's report can be told apart.
    pending += d;
    const end = pending.lastIndexOf('\n') + 1;
    for (const line of pending.slice(0, end).split(/(?<=\n)/)) {
      if (REPORT.test(line)) report = line;
      else if (line) ctx.stderr.write(line);
    }
    pending = pending.slice(end);
  });
  const forward = () => child.kill('SIGTERM');
  ctx.signal.addEventListener('abort', forward, { once: true });
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve({ code: c, signal: s }));
  });
  ctx.signal.removeEventListener('abort', forward);
  if (pending) ctx.stderr.write(pending);
  if (report) throw helperFailure('exec', code, signal, report);
  return code ?? 128 + 15;
}

export const execCliCommand: Command = {
  name: 'exec',
  aliases: ['container exec'],
  summary: 'Execute a command in a running container',
  usage: 'tscontain exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  flags: [
    { long: 'detach', short: 'd', kind: 'bool', description: 'Detached mode: run command in the background' },
    { long: 'interactive', short: 'i', kind: 'bool', description: 'Keep STDIN open even if not attached' },
    { long: 'tty', short: 't', kind: 'bool', description: 'Allocate a pseudo-TTY' },
    { long: 'user', short: 'u', kind: 'string', valueName: 'string', description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { long: 'workdir', short: 'w', kind: 'string', valueName: 'string', description: 'Working directory inside the container' },
    { long: 'env', short: 'e', kind: 'list', valueName: 'list', description: 'Set environment variables' },
    { long: 'env-file', kind: 'list', valueName: 'list', description: 'Read in a file of environment variables' },
    { long: 'privileged', kind: 'bool', description: 'Give extended privileges to the command' },
  ],
  stopAtOperand: true,
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'exec', 2);
    const [input, ...argv] = args.operands;
    const tty = flagBool(args, 'tty');
    const stdin = flagBool(args, 'interactive');
    const { layout } = await ctx.engine();
    const record = await findContainer(layout, input!);
    const { file, args: helperArgs, envFile } = await execCommand(layout, record, {
      argv,
      user: flagString(args, 'user'),
      workingDir: flagString(args, 'workdir'),
      env: expandEnv([...flagList(args, 'env-file').flatMap(readEnvFile), ...flagList(args, 'env')]),
      tty: tty && !flagBool(args, 'detach'),
      privileged: flagBool(args, 'privileged'),
    });
    if (flagBool(args, 'detach')) {
      const child = spawn(file, helperArgs, { stdio: 'ignore', detached: true });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      child.unref();
      return 0;
    }
    try {
      if (tty) return await (await loadInteractive()).runInteractiveExec(file, helperArgs, { tty, stdin, signal: ctx.signal });
      return await execPlain(ctx, file, helperArgs, stdin);
    } finally {
      // The helper unlinks it once read; this covers a helper that failed before.
      await removeExecEnvFile(envFile);
    }
  },
};
