// Faults the real registry will not produce, injected by a small proxy in
// front of it: a registry that refuses cross-repository mounts (answers the
// mount POST by opening a plain upload) and a 500 in the middle of a blob
// upload (the push starts that blob over and succeeds).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRegistry, registrySkipReason, type RegistryServer } from '../../support/registry-server.js';
import { buildImage, bigLayer } from '../../support/image-builder.js';
import { pushImage as seedImage } from '../../support/registry-push.js';
import { parseReference } from '../../../engine/reference/reference.js';
import { pullImage } from '../../../engine/pull/pull-image.js';
import { pushImage } from '../../../engine/push/push-image.js';
import { tagImage } from '../../../engine/images/tag-image.js';
import type { PushEvent } from '../../../engine/push/push-events.js';
import { freshLayout, loopbackClient } from '../../support/store-fixture.js';

const skip = registrySkipReason();
let registry: RegistryServer;
let proxy: Server;
let proxyHost: string;
const faults = { refuseMounts: false, failPuts: 0, seen: [] as string[] };

before(async () => {
  if (skip) return;
  registry = await startRegistry();
  proxy = createServer((req, res) => {
    const url = new URL(req.url!, `http://${proxyHost}`);
    faults.seen.push(`${req.method} ${url.pathname}${url.search}`);
    if (faults.refuseMounts && req.method === 'POST' && url.searchParams.has('mount')) {
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
    }
    if (faults.failPuts > 0 && req.method === 'PUT' && url.pathname.includes('/blobs/uploads/')) {
      faults.failPuts--;
      let got = 0;
      req.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got > 1024 && !res.headersSent) res.writeHead(500, { 'content-type': 'text/plain', connection: 'close' }).end('storage hiccup');
      });
      req.on('end', () => { if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end('storage hiccup'); });
      return;
    }
    const upstream = request(`${registry.url}${url.pathname}${url.search}`, { method: req.method, headers: { ...req.headers, host: registry.host } }, (up) => {
      const headers = { ...up.headers };
      if (typeof headers.location === 'string') headers.location = headers.location.replace(registry.url, `http://${proxyHost}`);
      res.writeHead(up.statusCode!, headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await registry?.stop();
});

test('a refused mount falls back to an upload; a 500 mid-upload starts the blob over', { skip }, async () => {
  const image = buildImage({ layers: [bigLayer(200 * 1024, 'faults')] });
  await seedImage(image, { registry: registry.host, repository: 'test/origin', tags: ['v1'] });
  const layout = await freshLayout('tsc-push-faults-');
  await pullImage(layout, loopbackClient(), parseReference(`${proxyHost}/test/origin:v1`));
  await tagImage(layout, `${proxyHost}/test/origin:v1`, `${proxyHost}/test/copy:v1`);

  faults.refuseMounts = true;
  faults.failPuts = 1;
  const events: PushEvent[] = [];
  const result = await pushImage(layout, loopbackClient(), `${proxyHost}/test/copy:v1`, { retryDelayMs: 10, onEvent: (e) => events.push(e) });
  const states = events.filter((e) => e.type === 'layer').map((e) => e.state);
  assert.ok(faults.seen.some((r) => r.startsWith('POST /v2/test/copy/blobs/uploads/?') && r.includes('mount=')), 'a mount was asked for');
  assert.ok(states.includes('retrying'), `retried: ${states.join(',')}`);
  assert.equal(states.at(-1), 'pushed');
  assert.equal(result.digest, image.manifestDigest);

  const fresh = await freshLayout('tsc-push-faults-');
  const pulled = await pullImage(fresh, loopbackClient(), parseReference(`${registry.host}/test/copy:v1`));
  assert.equal(pulled.id, image.configDigest);
});
