// Run by interactive.test.ts inside a pty, as `tscontain exec -it` or
// `tscontain attach` would be: runs the session on this process's real
// terminal, then reports whether the terminal is back in cooked mode.
//   interactive-driver.js FILE ARGS...        runInteractiveExec
//   interactive-driver.js --attach DIR        attachToContainer
import { spawnSync } from 'node:child_process';
import { attachToContainer, runInteractiveExec } from '../../../../app/cli/terminal/interactive.js';

const [first, ...rest] = process.argv.slice(2);
const signal = new AbortController().signal;
let code: number;
if (first === '--attach') {
  const result = await attachToContainer(rest[0]!, { tty: true, stdin: true, signal });
  process.stdout.write(`\r\nRESULT exitCode=${result.exitCode} detached=${result.detached}\r\n`);
  code = result.exitCode ?? 0;
} else {
  code = await runInteractiveExec(first!, rest, { tty: true, stdin: true, signal });
}
const stty = spawnSync('stty', ['-a'], { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' }).stdout;
const on = (flag: string): boolean => new RegExp(`(^|\\s)${flag}(\\s|;|$)`).test(stty);
const mode = on('icanon') && on('echo') && on('isig') ? 'cooked' : 'raw';
process.stdout.write(`\r\nAFTER code=${code} isRaw=${process.stdin.isRaw} mode=${mode}\r\n`);
process.exit(code);
