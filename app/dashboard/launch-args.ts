// Whether a command line asks for the dashboard: no command, only global
// options. Pure and free of Ink, so app/main.ts can ask before loading it.
export interface DashboardArgs {
  root?: string;
  configFile?: string;
}

export function dashboardArgs(argv: readonly string[]): DashboardArgs | undefined {
  const out: DashboardArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-D' || arg === '--debug') continue;
    const m = /^--(root|config)(?:=(.*))?$/.exec(arg);
    if (!m) return undefined;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') return undefined;
    if (m[1] === 'root') out.root = value;
    else out.configFile = value;
  }
  return out;
}
