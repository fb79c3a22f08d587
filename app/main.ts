// Entry point. With no command on a terminal it starts the dashboard;
// otherwise the CLI. Both are loaded on demand, so plain commands never pay
// for loading Ink and React.
import './compile-cache.js';
import { dashboardArgs } from './dashboard/launch-args.js';

// A reader that goes away (`tscontain logs web | head`) is not an error:
// stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** bin/tscontain hides --env-file from Node (see there); every argument gets its spelling back. */
const ESCAPED_ENV_FILE = '--tscontain-escaped-env-file';
function unescapeArg(arg: string): string {
  return arg.startsWith(ESCAPED_ENV_FILE) ? `--env-file${arg.slice(ESCAPED_ENV_FILE.length)}` : arg;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).map(unescapeArg);
  const dashboard = dashboardArgs(argv);
  if (dashboard && process.stdin.isTTY && process.stdout.isTTY) {
    const { launchDashboard } = await import('./dashboard/launch.js');
    return launchDashboard(dashboard);
  }
  const { runCli } = await import('./cli/run-cli.js');
  return runCli(argv);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Error: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
