// What engine-level pull and push tests share: a registry client that trusts
// loopback registries over plain HTTP, and an empty store of their own.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../engine/registry/client.js';
import { StoreLayout } from '../../engine/store/layout.js';

export function loopbackClient(): RegistryClient {
  return new RegistryClient({ config: { mirrors: [], insecureRegistries: ['127.0.0.0/8'] } });
}

/** A new empty store under a temporary directory named after PREFIX. */
export async function freshLayout(prefix: string): Promise<StoreLayout> {
  return new StoreLayout(join(await mkdtemp(join(tmpdir(), prefix)), 'root'));
}
