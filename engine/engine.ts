// The engine's front door: the store, the host config and, on first use, the
// registry client. The CLI and the dashboard both start here.
import { chooseConfigFile, configPath, loadHostConfig, resolveStoreRoot, type HostConfig } from './config.js';
import { StoreLayout } from './store/layout.js';
import type { RegistryClient } from './registry/client.js';

export interface EngineOptions {
  /** --root; falls back to TSCONTAIN_ROOT, data-root, /var/lib/tscontain. */
  root?: string;
  configFile?: string;
}

export interface Engine {
  config: HostConfig;
  layout: StoreLayout;
  /** Loaded when first asked for, so commands that never pull skip the client and the credentials file. */
  registry(): Promise<RegistryClient>;
}

export async function openEngine(opts: EngineOptions = {}): Promise<Engine> {
  if (opts.configFile !== undefined) chooseConfigFile(opts.configFile);
  const config = await loadHostConfig(configPath());
  const layout = new StoreLayout(resolveStoreRoot(opts.root, config));
  let registry: Promise<RegistryClient> | undefined;
  return { config, layout, registry: () => (registry ??= createRegistryClient(config)) };
}

async function createRegistryClient(config: HostConfig): Promise<RegistryClient> {
  const [{ RegistryClient }, { loadCredentials }] = await Promise.all([
    import('./registry/client.js'),
    import('./auth/docker-credentials.js'),
  ]);
  return new RegistryClient({
    config: {
      mirrors: config.registryMirrors,
      insecureRegistries: config.insecureRegistries,
      maxConcurrentDownloads: config.maxConcurrentDownloads,
    },
    credentials: loadCredentials(),
    userAgent: 'tscontain/0.1',
  });
}
