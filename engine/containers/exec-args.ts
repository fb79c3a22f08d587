// The helper argv for `exec` into a running container: the user is resolved
// through the container's current /etc/passwd (its upper dir first), the
// environment is the container's plus -e, the cwd defaults to its WorkingDir.
import { ContainerError } from '../errors.js';
import { locateHelper } from '../helper/locate.js';
import type { StoreLayout } from '../store/layout.js';
import { containerCgroup } from './cgroups.js';
import type { ContainerRecord } from './record.js';
import { mergeEnv } from './spec.js';
import { writeExecEnvFile } from './env-file.js';
import { refuseIfPaused } from './pause.js';
import { resolveUser } from './user.js';
import { containerFileLayers } from './file-layers.js';

export interface ExecOptions {
  argv: string[];
  /** With an empty argv: the user's login shell from the container's /etc/passwd, else /bin/sh (the dashboard's shell). */
  loginShell?: boolean;
  user?: string | undefined;
  workingDir?: string | undefined;
  env: string[];
  tty: boolean;
  privileged: boolean;
}

export interface ExecCommand {
  file: string;
  args: string[];
  /** The helper removes it once read; removeExecEnvFile() after the helper ended covers a helper that failed first. */
  envFile: string;
}

export async function execCommand(layout: StoreLayout, record: ContainerRecord, opts: ExecOptions): Promise<ExecCommand> {
  const { config, state } = record;
  if (state.status !== 'running') {
    throw new ContainerError('CONTAINER_NOT_RUNNING', `container ${config.id} is not running`, { fields: { container: config.id } });
  }
  refuseIfPaused(record, 'exec');
  if (opts.argv.length === 0 && !opts.loginShell) throw new ContainerError('EXEC_NOT_FOUND', 'no command given to exec', { fields: { exitStatus: 125 } });
  const user = await resolveUser(opts.user ?? config.user, await containerFileLayers(layout, config));
  const argv = opts.argv.length ? opts.argv : [user.shell ?? '/bin/sh'];
  const env = mergeEnv(
    [`HOSTNAME=${config.hostname}`, `HOME=${user.home || '/'}`],
    config.env,
    opts.tty && !opts.env.some((e) => e.startsWith('TERM=')) ? ['TERM=xterm'] : [],
    opts.env,
  );
  const cwd = opts.workingDir ?? config.workingDir;
  const args = ['exec', '--store', layout.root, '--id', config.id, '--pid', String(state.pid),
    '--user', `${user.uid}:${user.gid}`, '--cwd', cwd || '/'];
  if (user.groups.length) args.push('--groups', user.groups.join(','));
  const envFile = await writeExecEnvFile(layout, config.id, env);
  args.push('--env-file', envFile);
  // Same capabilities as the container itself, as Docker does.
  for (const c of config.capAdd) args.push('--cap-add', c);
  for (const c of config.capDrop) args.push('--cap-drop', c);
  if (config.privileged || opts.privileged) args.push('--privileged');
  if (opts.tty) args.push('--tty');
  for (const dir of containerCgroup(config.id).paths().dirs) args.push('--cgroup', dir);
  args.push('--', ...argv);
  return { file: locateHelper(), args, envFile };
}
