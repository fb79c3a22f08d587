// Entry point. The CLI is loaded on demand so that, once the dashboard
// exists, plain commands never pay for loading Ink and React.
async function main(): Promise<number> {
  const { runCli } = await import('./cli/run-cli.js');
  return runCli(process.argv.slice(2));
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
