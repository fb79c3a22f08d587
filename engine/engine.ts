// The engine's front door: one object holding the store, the host config and
// the registry client. The CLI and the dashboard both start here.
import { loadHostConfig, configPath, resolveStoreRoot, type HostConfig } from './config.js';
import { StoreLayout } from './store/layout.js';
import { RegistryClient } from './registry/client.js';
import { loadCredentials } from './auth/docker-credentials.js';

export interface EngineOptions {
  /** --root; falls back to TSCONTAIN_ROOT, data-root, /var/lib/tscontain. */
  root?: string;
  configFile?: string;
}

export interface Engine {
  config: HostConfig;
  layout: StoreLayout;
  registry: RegistryClient;
}

export async function openEngine(opts: EngineOptions = {}): Promise<Engine> {
  const config = await loadHostConfig(opts.configFile ?? configPath());
  const layout = new StoreLayout(resolveStoreRoot(opts.root, config));
  const registry = new RegistryClient({
    config: {
      mirrors: config.registryMirrors,
      insecureRegistries: config.insecureRegistries,
      maxConcurrentDownloads: config.maxConcurrentDownloads,
    },
    credentials: loadCredentials(),
    userAgent: 'tscontain/0.1',
  });
  return { config, layout, registry };
}
