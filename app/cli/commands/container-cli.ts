// What the container commands share: Docker's exit statuses for the run
// family, and running one action per named container (or network, volume,
// image) with Docker's "print each name, report each failure, go on" behaviour.
import { TscontainError, UsageError } from '../../../engine/errors.js';
import { write, type CommandContext } from '../command.js';

/** run/create/start errors that are tscontain's own exit 125 (126/127 come from the helper). */
export async function asRunFamily<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TscontainError && typeof err.fields.exitStatus !== 'number') err.fields.exitStatus = 125;
    throw err;
  }
}

/** Cobra's operand-count checks, with its wording (exactly / at least / at most N arguments). */
export function requireOperands(args: { operands: string[] }, command: string, min = 1, max = Infinity): void {
  const n = args.operands.length;
  if (n >= min && n <= max) return;
  const count = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
  const need = min === max ? `exactly ${count(min)}`
    : max === Infinity ? `at least ${count(min)}`
    : min === 0 ? `at most ${count(max)}`
    : `at least ${min} and at most ${count(max)}`;
  throw new UsageError(`"${command}" requires ${need}`, { hint: `see 'tscontain ${command} --help'` });
}

/** Runs `fn` for each operand; prints what `fn` returns, reports failures on stderr; 1 if any failed. */
export async function forEachContainer(
  ctx: CommandContext,
  operands: readonly string[],
  fn: (input: string) => Promise<string | undefined>,
): Promise<number> {
  let status = 0;
  for (const input of operands) {
    try {
      const line = await fn(input);
      if (line !== undefined) write(ctx.stdout, line);
    } catch (err) {
      if (!(err instanceof TscontainError)) throw err;
      if (operands.length === 1) throw err;
      write(ctx.stderr, `Error: ${err.userLine()}`);
      status = 1;
    }
  }
  return status;
}

/** Runs `fn` for each operand and keeps what it returns; failures are reported on stderr (status 1), as `image inspect` does. */
export async function collectEach<T>(
  ctx: CommandContext,
  operands: readonly string[],
  fn: (input: string) => Promise<T>,
): Promise<{ found: T[]; status: number }> {
  const found: T[] = [];
  let status = 0;
  for (const input of operands) {
    try {
      found.push(await fn(input));
    } catch (err) {
      if (!(err instanceof TscontainError)) throw err;
      write(ctx.stderr, `Error: ${err.userLine()}`);
      status = 1;
    }
  }
  return { found, status };
}
