// The real registry (Debian's docker-registry) started by registry-server.ts,
// fed by registry-push.ts: images pushed come back with matching digests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sha256Digest } from './digest.js';
import { buildImage, buildIndex, busyboxLayer, requireBusybox, type BuiltImage } from './image-builder.js';
import { MEDIA } from './media-types.js';
import { RegistryAuth } from './registry-auth.js';
import { pushImage, pushIndex } from './registry-push.js';
import { registrySkipReason, startRegistry, type RegistryServer } from './registry-server.js';

const skip = registrySkipReason();
if (skip) console.log(`# skipping registry tests: ${skip}`);

const ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerManifestList].join(', ');

function rootLayer() {
  try {
    requireBusybox();
    return busyboxLayer();
  } catch {
    return [{ name: 'etc/', type: 'dir' as const }, { name: 'etc/passwd', type: 'file' as const, body: 'root:x:0:0::/:/bin/sh\n' }];
  }
}

function image(opts: Partial<Parameters<typeof buildImage>[0]> = {}): BuiltImage {
  return buildImage({ layers: [rootLayer(), [{ name: 'app.txt', type: 'file', body: JSON.stringify(opts) }]], config: { Cmd: ['sh'] }, ...opts });
}

/** GET through curl: status, headers and body, as an independent HTTP client. */
function curl(url: string, headers: string[] = []): { status: number; headers: Record<string, string>; body: Buffer } {
  const out = execFileSync('curl', ['-sS', '-i', ...headers.flatMap((h) => ['-H', h]), url], { maxBuffer: 1 << 30 });
  const split = out.indexOf('\r\n\r\n');
  const head = out.subarray(0, split).toString('latin1').split('\r\n');
  const hdrs = Object.fromEntries(head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(head[0]!.split(' ')[1]), headers: hdrs, body: out.subarray(split + 4) };
}

async function checkPulled(reg: RegistryServer, repo: string, ref: string, img: { manifest: Buffer; manifestDigest: string; manifestMediaType: string }, auth?: RegistryAuth): Promise<void> {
  const scope = `repository:${repo}:pull`;
  const get = async (path: string, accept = ACCEPT): Promise<Response> => {
    const init = { headers: { accept } };
    const res = auth ? await auth.fetch(`${reg.url}${path}`, init, scope) : await fetch(`${reg.url}${path}`, init);
    assert.equal(res.status, 200, `GET ${path}`);
    return res;
  };
  for (const r of [ref, img.manifestDigest]) {
    const res = await get(`/v2/${repo}/manifests/${r}`);
    assert.equal(res.headers.get('docker-content-digest'), img.manifestDigest);
    assert.equal(res.headers.get('content-type'), img.manifestMediaType);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), img.manifest);
  }
  const json = JSON.parse(img.manifest.toString()) as { config?: { digest: string }; layers?: { digest: string; size: number }[] };
  for (const d of [...(json.config ? [json.config] : []), ...(json.layers ?? [])]) {
    const body = Buffer.from(await (await get(`/v2/${repo}/blobs/${d.digest}`, '*/*')).arrayBuffer());
    assert.equal(sha256Digest(body), d.digest);
  }
}

describe('registry without auth', { skip }, () => {
  let reg: RegistryServer;
  before(async () => { reg = await startRegistry(); });
  after(async () => { await reg?.stop(); });

  for (const [format, compression] of [['oci', 'gzip'], ['docker', 'gzip'], ['oci', 'zstd']] as const) {
    test(`${format}+${compression} image round-trips with matching digests`, async () => {
      const img = image({ format, compression });
      const repo = `test/${format}-${compression}`;
      const first = await pushImage(img, { registry: reg.host, repository: repo, tags: ['v1'] });
      assert.deepEqual(first, { digest: img.manifestDigest, blobsUploaded: 3, blobsSkipped: 0 });
      await checkPulled(reg, repo, 'v1', img);
      const again = await pushImage(img, { registry: reg.url, repository: repo, tags: ['v2'], byDigest: true });
      assert.equal(again.blobsSkipped, 3);
      const viaCurl = curl(`${reg.url}/v2/${repo}/manifests/v2`, [`Accept: ${ACCEPT}`]);
      assert.equal(viaCurl.status, 200);
      assert.equal(viaCurl.headers['docker-content-digest'], img.manifestDigest);
      assert.deepEqual(viaCurl.body, img.manifest);
      const layer = img.layers[0]!;
      assert.equal(sha256Digest(curl(`${reg.url}/v2/${repo}/blobs/${layer.digest}`).body), layer.digest);
    });
  }

  for (const format of ['oci', 'docker'] as const) {
    test(`${format} index with platforms${format === 'oci' ? ' and attestations' : ''} round-trips`, async () => {
      const amd = image({ format, platform: { os: 'linux', architecture: 'amd64' } });
      const arm = image({ format, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
      const idx = buildIndex([amd, arm], format, { attestations: format === 'oci' });
      const repo = `test/index-${format}`;
      await pushIndex(idx, { registry: reg.host, repository: repo, tags: ['multi'] });
      await checkPulled(reg, repo, 'multi', idx);
      for (const m of idx.manifests) await checkPulled(reg, repo, m.manifestDigest, m);
    });
  }
});

describe('registry with htpasswd auth', { skip }, () => {
  let reg: RegistryServer;
  const alice = { username: 'alice', password: 'wonder land' };
  before(async () => { reg = await startRegistry({ auth: 'htpasswd', users: [alice] }); });
  after(async () => { await reg?.stop(); });

  test('refuses anonymous and wrong passwords, accepts the user', async () => {
    const anon = await fetch(`${reg.url}/v2/`);
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get('www-authenticate') ?? '', /^Basic realm="tscontain-test"/);
    const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    assert.equal((await fetch(`${reg.url}/v2/`, { headers: basic('alice', 'wrong') })).status, 401);
    assert.equal((await fetch(`${reg.url}/v2/`, { headers: basic(alice.username, alice.password) })).status, 200);
  });

  test('push and pull with credentials; push without them fails', async () => {
    const img = image({ config: { Cmd: ['id'] } });
    await assert.rejects(pushImage(img, { registry: reg.host, repository: 'priv/app', tags: ['v1'] }), /401/);
    await pushImage(img, { registry: reg.host, repository: 'priv/app', tags: ['v1'], credentials: alice });
    await checkPulled(reg, 'priv/app', 'v1', img, new RegistryAuth(alice));
  });
});

describe('registry with token auth', { skip }, () => {
  let reg: RegistryServer;
  const alice = { username: 'alice', password: 'pw-alice' };
  const bob = { username: 'bob', password: 'pw-bob', readOnly: true };
  before(async () => { reg = await startRegistry({ auth: 'token', users: [alice, bob] }); });
  after(async () => { await reg?.stop(); });

  test('challenges with Bearer realm and service', async () => {
    const res = await fetch(`${reg.url}/v2/`);
    assert.equal(res.status, 401);
    const ch = res.headers.get('www-authenticate') ?? '';
    assert.ok(ch.startsWith('Bearer '), ch);
    assert.ok(ch.includes(`realm="${reg.token!.realm}"`), ch);
    assert.ok(ch.includes(`service="${reg.token!.service}"`), ch);
  });

  test('issues one token per push and the registry accepts it for push and pull', async () => {
    const img = image({ config: { Cmd: ['hostname'] } });
    const before = reg.token!.tokenRequests;
    const auth = new RegistryAuth(alice);
    await pushImage(img, { registry: reg.host, repository: 'team/app', tags: ['v1'], auth });
    assert.equal(reg.token!.tokenRequests - before, 1);
    assert.deepEqual(reg.token!.log.at(-1)?.granted, [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
    await checkPulled(reg, 'team/app', 'v1', img, new RegistryAuth(bob));
  });

  test('anonymous, wrong-password and read-only callers are refused', async () => {
    const img = image({ config: { Cmd: ['echo'] } });
    await assert.rejects(pushImage(img, { registry: reg.host, repository: 'team/x', tags: ['v1'] }), /401/);
    await assert.rejects(pushImage(img, { registry: reg.host, repository: 'team/x', tags: ['v1'], credentials: { username: 'alice', password: 'nope' } }), /token request .* 401/);
    await assert.rejects(pushImage(img, { registry: reg.host, repository: 'team/x', tags: ['v1'], credentials: bob }), /401/);
    const anonToken = await (await fetch(`${reg.token!.realm}?service=${reg.token!.service}&scope=repository:team/app:pull`)).json() as { token: string };
    const res = await fetch(`${reg.url}/v2/team/app/manifests/v1`, { headers: { authorization: `Bearer ${anonToken.token}`, accept: ACCEPT } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /insufficient_scope/);
  });
});

describe('registry with token auth and anonymous pull', { skip }, () => {
  test('anonymous callers pull but cannot push', async () => {
    const alice = { username: 'alice', password: 'pw' };
    const reg = await startRegistry({ auth: 'token', users: [alice], anonymousPull: true });
    try {
      const img = image({ config: { Cmd: ['true'] } });
      await pushImage(img, { registry: reg.host, repository: 'library/bb', tags: ['latest'], credentials: alice });
      await checkPulled(reg, 'library/bb', 'latest', img, new RegistryAuth());
      await assert.rejects(pushImage(image({ config: { Cmd: ['false'] } }), { registry: reg.host, repository: 'library/bb', tags: ['latest'] }), /401/);
    } finally {
      await reg.stop();
    }
  });
});

describe('registry lifecycle', { skip }, () => {
  test('stop kills the registry it started and removes its temp dir', async () => {
    const reg = await startRegistry({ auth: 'token' });
    assert.ok(existsSync(reg.storageDir));
    process.kill(reg.pid, 0);
    await reg.stop();
    await reg.stop(); // idempotent
    assert.throws(() => process.kill(reg.pid, 0), { code: 'ESRCH' });
    assert.ok(!existsSync(reg.storageDir));
    await assert.rejects(fetch(`${reg.url}/v2/`));
  });
});

test('a missing registry binary is reported with the package to install', async () => {
  await assert.rejects(startRegistry({ binary: '/nonexistent/docker-registry' }), /apt-get install docker-registry/);
});
