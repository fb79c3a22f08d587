// Entry point. With no command on a terminal it starts the dashboard;
// otherwise the CLI. Both are loaded on demand, so plain commands never pay
// for loading Ink and React.
import { dashboardArgs } from './dashboard/launch-args.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
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
