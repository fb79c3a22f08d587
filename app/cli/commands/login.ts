import { UsageError } from '../../../engine/errors.js';
import { credentialHelperName, credentialKey, saveCredentials } from '../../../engine/auth/save-credentials.js';
import { credentialsFile, normaliseKey } from '../../../engine/auth/docker-credentials.js';
import { flagString, flagBool } from '../args.js';
import { write, type Command } from '../command.js';
import { promptLine, readAllStdin } from '../prompt.js';
import { requireOperands } from './container-cli.js';

/** What the user typed ('', 'docker.io', 'https://host:5000/') as the registry name the client knows. */
export function registryName(input: string | undefined): string {
  if (!input) return 'docker.io';
  return credentialKey(input) === 'https://index.docker.io/v1/' ? 'docker.io' : normaliseKey(input);
}

/** The key config.json files a login under: Docker Hub keeps its historical URL. */
export function loginKey(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

export const loginCommand: Command = {
  name: 'login',
  summary: 'Log in to a registry',
  usage: 'tscontain login [OPTIONS] [SERVER]',
  flags: [
    { long: 'username', short: 'u', kind: 'string', valueName: 'string', description: 'Username' },
    { long: 'password', short: 'p', kind: 'string', valueName: 'string', description: 'Password' },
    { long: 'password-stdin', kind: 'bool', description: 'Take the password from stdin' },
  ],
  needsRoot: false,
  async run(ctx, args) {
    requireOperands(args, 'login', 0, 1);
    const registry = registryName(args.operands[0]);
    let username = flagString(args, 'username');
    let password = flagString(args, 'password');
    const fromStdin = flagBool(args, 'password-stdin');
    if (fromStdin && password !== undefined) throw new UsageError('--password and --password-stdin are mutually exclusive');
    if (fromStdin && username === undefined) throw new UsageError('Must provide --username with --password-stdin');
    if (fromStdin) password = await readAllStdin(process.stdin);
    else if (password !== undefined) ctx.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    if (username === undefined) username = (await promptLine(process.stdin, ctx.stdout, 'Username: ', true)).trim();
    if (password === undefined) password = await promptLine(process.stdin, ctx.stdout, 'Password: ', false);
    if (!username) throw new UsageError('Non-null Username Required');
    if (!password) throw new UsageError('Password Required', { hint: 'give -p, --password-stdin, or type it when asked' });

    const engine = await ctx.engine();
    const { RegistryClient } = await import('../../../engine/registry/client.js');
    const creds = { username, password };
    const client = new RegistryClient({
      config: { mirrors: [], insecureRegistries: engine.config.insecureRegistries },
      credentials: () => creds,
      userAgent: 'tscontain/0.1',
    });
    try {
      await client.checkLogin(registry, ctx.signal);
    } finally {
      client.close();
    }
    const key = loginKey(registry);
    await saveCredentials(key, creds);
    const helper = credentialHelperName(key);
    write(ctx.stdout, `Login Succeeded (credentials saved in ${helper ? `docker-credential-${helper}` : credentialsFile()})`);
    return 0;
  },
};
