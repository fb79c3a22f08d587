// Every CLI command. The dashboard is not here: `tscontain` with no command
// loads it separately, so commands never pay for Ink and React.
import type { Command } from '../command.js';
import { pullCommand } from './pull.js';
import { imagesCommand } from './images.js';
import { rmiCommand } from './rmi.js';
import { tagCommand } from './tag.js';
import { imageInspectCommand } from './image-inspect.js';
import { runCommand } from './run.js';
import { createCommand } from './create.js';
import { startCommand } from './start.js';
import { psCommand } from './ps.js';
import { stopCommand, restartCommand } from './stop.js';
import { killCommand } from './kill.js';
import { rmCommand } from './rm.js';
import { waitCommand } from './wait.js';
import { logsCommand } from './logs.js';
import { inspectCommand } from './container-inspect.js';
import { renameCommand } from './rename.js';
import { containerPruneCommand } from './container-prune.js';
import { topCommand } from './top.js';
import { statsCommand } from './stats.js';
import { execCliCommand } from './exec.js';
import { attachCommand } from './attach.js';

export const commands: Command[] = [
  pullCommand, imagesCommand, rmiCommand, tagCommand, imageInspectCommand,
  runCommand, createCommand, startCommand, psCommand, stopCommand, restartCommand, killCommand, rmCommand,
  waitCommand, logsCommand, inspectCommand, renameCommand, containerPruneCommand, topCommand, statsCommand,
  execCliCommand, attachCommand,
];

/** Finds the command named by the first one or two words of argv. */
export function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(' ');
  for (const command of commands) {
    if (command.name === two || command.aliases?.includes(two)) return { command, rest: argv.slice(2) };
  }
  const one = argv[0];
  for (const command of commands) {
    if (command.name === one || command.aliases?.includes(one ?? '')) return { command, rest: argv.slice(1) };
  }
  return undefined;
}
