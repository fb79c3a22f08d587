// A store with a busybox image (or the images a test file names) pulled from a
// real registry, and the real CLI to run containers in it. Every container a test file made is removed
// (rm -f) at the end, which also kills its processes and removes its cgroup.
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../../support/registry-server.js';
import { buildImage, busyboxLayer, type BuiltImage } from '../../../support/image-builder.js';
import { pushImage } from '../../../support/registry-push.js';
import { makeTestEnv, runCli, type CliResult, type TestEnv } from '../../../support/tscontain-cli.js';
import { locateHelper } from '../../../../engine/helper/locate.js';

function skipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'running containers needs root';
  const registry = registrySkipReason();
  if (registry) return registry;
  try {
    locateHelper();
  } catch {
    return 'the helper is not built (make -C helper-c), or set TSCONTAIN_HELPER';
  }
  return existsSync('/bin/busybox') ? undefined : 'apt-get install busybox-static';
}

export const skip = skipReason();

export const IMAGE_CONFIG = {
  Cmd: ['sh'],
  Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'FROM_IMAGE=yes'],
};

/**
 * A top layer whose etc/ is opaque (.wh..wh..opq), hiding the lower layer's
 * /etc/group, with its own passwd (app is uid 2000).
 */
export const OPAQUE_ETC_LAYER = [
  { name: 'etc/', type: 'dir' as const, mode: 0o755 },
  { name: 'etc/.wh..wh..opq', type: 'file' as const, body: '', mode: 0o644 },
  { name: 'etc/passwd', type: 'file' as const, body: 'root:x:0:0:root:/root:/bin/sh\napp:x:2000:2000:app:/home/app:/bin/sh\n', mode: 0o644 },
];

/** Images by the name tests pull them as (`busybox`, `busybox:volumes`: library/busybox:volumes). */
export type FixtureImages = Record<string, BuiltImage>;

const busyboxOnly = (): FixtureImages => ({ busybox: buildImage({ layers: [busyboxLayer()], config: IMAGE_CONFIG }) });

export interface ContainerFixture {
  env: TestEnv;
  cli(...args: string[]): Promise<CliResult>;
}

/**
 * Registers before/after hooks; the returned object is filled in by `before`.
 * `images` (built only when not skipped) are pushed to the registry, which is
 * the store's mirror, and pulled.
 */
export function containerFixture(images: () => FixtureImages = busyboxOnly): ContainerFixture {
  let registry: RegistryServer | undefined;
  const fixture = {} as ContainerFixture;
  before(async () => {
    if (skip) return;
    registry = await startRegistry();
    const named = Object.entries(images());
    for (const [name, image] of named) {
      const [repository, tag = 'latest'] = name.split(':');
      await pushImage(image, { registry: registry.host, repository: `library/${repository}`, tags: [tag] });
    }
    fixture.env = await makeTestEnv({ 'registry-mirrors': [`http://${registry.host}`] });
    fixture.cli = (...args: string[]) => runCli(args, fixture.env.env);
    for (const [name] of named) {
      const pulled = await fixture.cli('pull', '-q', name);
      if (pulled.code !== 0) throw new Error(`pull failed: ${pulled.stderr}`);
    }
  });
  after(async () => {
    if (fixture.cli) {
      const ids = (await fixture.cli('ps', '-aq', '--no-trunc')).stdout.split('\n').filter(Boolean);
      if (ids.length) await fixture.cli('rm', '-f', ...ids);
    }
    await registry?.stop();
  });
  return fixture;
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
