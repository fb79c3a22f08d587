// `--help` texts in Docker's layout.
import type { Command } from './command.js';
import type { FlagSpec } from './args.js';

export const VERSION = '0.1.0';

export function commandHelp(command: Command): string {
  const lines = [`\nUsage:  ${command.usage}\n`, command.summary];
  if (command.aliases?.length) lines.push('', 'Aliases:', `  ${[command.name, ...command.aliases].join(', ')}`);
  lines.push('', 'Options:', ...flagLines([...command.flags, HELP_FLAG]));
  return lines.join('\n') + '\n';
}

const HELP_FLAG: FlagSpec = { long: 'help', kind: 'bool', description: 'Print usage' };

function flagLines(flags: readonly FlagSpec[]): string[] {
  const left = flags.map((f) => `${f.short ? `-${f.short}, ` : '    '}--${f.long}${f.kind === 'bool' ? '' : ` ${f.valueName ?? f.kind}`}`);
  const width = Math.max(...left.map((l) => l.length));
  return flags.map((f, i) => `  ${left[i]!.padEnd(width)}   ${f.description}`);
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    '',
    'Usage:  tscontain [OPTIONS] COMMAND',
    '        tscontain                  (no command: the full-screen dashboard)',
    '',
    'A daemonless container manager',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
    '',
    'Global Options:',
    '      --root string     Store directory (default /var/lib/tscontain, or $TSCONTAIN_ROOT)',
    '      --config string   Configuration file (default /etc/tscontain/config.json, or $TSCONTAIN_CONFIG)',
    '  -D, --debug           Print stack traces on errors',
    '  -h, --help            Print usage',
    '  -v, --version         Print version information and quit',
    '',
    "Run 'tscontain COMMAND --help' for more information on a command.",
    '',
  ].join('\n');
}
