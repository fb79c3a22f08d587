// Docker-style argument parsing: `-it` bundles, `-e X`/`-eX`, `--name x`/
// `--name=x`, repeatable flags, `--` and, for commands that run a program,
// stopping at the first operand so the program's own flags pass through.
import { UsageError } from '../../engine/errors.js';

export interface FlagSpec {
  long: string;
  short?: string;
  /** 'bool' takes no value; 'string' takes one; 'list' takes one and repeats. */
  kind: 'bool' | 'string' | 'list';
  description: string;
  valueName?: string;
}

export interface ParsedArgs {
  flags: Record<string, boolean | string | string[] | undefined>;
  operands: string[];
}

export function parseArgs(command: string, argv: readonly string[], specs: readonly FlagSpec[], stopAtOperand = false): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: ParsedArgs['flags'] = {};
  const operands: string[] = [];
  const fail = (message: string) => new UsageError(message, { hint: `see 'tscontain ${command} --help'` });
  // pflag's rule: a boolean takes a value only after "=", as true or false.
  const boolValue = (v: string, shown: string) => {
    if (v !== 'true' && v !== 'false') throw fail(`invalid value "${v}" for ${shown}: expected true or false`);
    return v === 'true';
  };
  const set = (spec: FlagSpec, value: string | boolean) => {
    if (spec.kind === 'list') flags[spec.long] = [...((flags[spec.long] as string[] | undefined) ?? []), String(value)];
    else flags[spec.long] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byLong.get(name);
      if (!spec) throw fail(`unknown flag: --${name}`);
      if (spec.kind === 'bool') {
        set(spec, eq >= 0 ? boolValue(arg.slice(eq + 1), `--${name}`) : true);
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw fail(`flag needs an argument: --${name}`);
      set(spec, value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const spec = byShort.get(letter);
        if (!spec) throw fail(`unknown shorthand flag: '${letter}' in ${arg}`);
        if (spec.kind === 'bool') {
          if (arg[j + 1] === '=') {
            set(spec, boolValue(arg.slice(j + 2), `-${letter}`));
            break;
          }
          set(spec, true);
          continue;
        }
        const rest = arg.slice(j + 1).replace(/^=/, '');
        const value = rest.length > 0 ? rest : argv[++i];
        if (value === undefined) throw fail(`flag needs an argument: '${letter}' in -${letter}`);
        set(spec, value);
        break;
      }
      continue;
    }
    operands.push(arg);
    if (stopAtOperand) {
      operands.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, operands };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

export function flagList(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name];
  return Array.isArray(v) ? v : [];
}
