// What engine-level pull and push tests share: a registry client that trusts
// loopback registries over plain HTTP, an empty store of their own, and one
// plain registry for the whole test file.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { RegistryClient } from '../../engine/registry/client.js';
import { StoreLayout } from '../../engine/store/layout.js';
import { registrySkipReason, startRegistry, type RegistryServer } from './registry-server.js';

export function loopbackClient(): RegistryClient {
  return new RegistryClient({ config: { mirrors: [], insecureRegistries: ['127.0.0.0/8'] } });
}

/** A new empty store under a temporary directory named after PREFIX. */
export async function freshLayout(prefix: string): Promise<StoreLayout> {
  return new StoreLayout(join(await mkdtemp(join(tmpdir(), prefix)), 'root'));
}

/**
 * Registers before/after hooks that start a plain registry for the test file
 * (unless it cannot run here: see registrySkipReason) and stop it; the
 * returned object is filled in by `before`.
 */
export function fileRegistry(): RegistryServer {
  const server = {} as RegistryServer;
  before(async () => {
    if (!registrySkipReason()) Object.assign(server, await startRegistry());
  });
  after(async () => server.stop?.());
  return server;
}
