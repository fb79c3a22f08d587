// resolve(): tags and digests, indexes and platforms, verification of every
// manifest and config, the refusals (schema 1, foreign layers, artifacts,
// CVE-2021-41190), not-found and size caps.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseReference } from '../../../engine/reference/reference.js';
import {
  DigestMismatchError, PlatformNotFoundError, RegistryError, SizeMismatchError, UnsupportedMediaTypeError,
} from '../../../engine/errors.js';
import { FakeRegistry, MT, blob, makeImage, makeIndex, sha256 } from './fake-registry.js';
import { failure, testClient } from './helpers.js';

const servers: FakeRegistry[] = [];
after(async () => Promise.all(servers.map((s) => s.server.close())));

async function registry(): Promise<FakeRegistry> {
  const reg = await FakeRegistry.start();
  servers.push(reg);
  return reg;
}

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const armv7 = { os: 'linux', architecture: 'arm', variant: 'v7' };
const armv6 = { os: 'linux', architecture: 'arm', variant: 'v6' };

test('a single-platform image by tag: manifest, config and layers, all verified', async () => {
  const reg = await registry();
  const image = makeImage({ format: 'docker' });
  reg.pushImage('library/app', image, ['1.0']);
  const resolved = await testClient().client.resolve(parseReference(`${reg.host}/library/app:1.0`));
  assert.equal(resolved.manifestDigest, image.manifest.digest);
  assert.equal(resolved.manifestMediaType, MT.dockerManifest);
  assert.deepEqual(resolved.manifestBytes, image.manifest.bytes);
  assert.equal(resolved.configDigest, image.config.digest);
  assert.deepEqual(resolved.configBytes, image.config.bytes);
  assert.equal(resolved.indexDigest, undefined);
  assert.deepEqual(resolved.layers.map((l) => [l.digest, l.size, l.mediaType]), image.layers.map((l) => [l.digest, l.size, MT.dockerLayerGzip]));
  assert.deepEqual(resolved.platform, { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(resolved.config.config?.Cmd, ['sh']);
  assert.equal(resolved.config.rootfs.diff_ids.length, 2);
  assert.equal(resolved.source.repository, 'library/app');
  assert.equal(resolved.source.endpoint.host, reg.host);
  const manifestGet = reg.server.requestsTo('/v2/library/app/manifests/1.0')[0]!;
  for (const type of [MT.ociIndex, MT.dockerList, MT.ociManifest, MT.dockerManifest]) assert.ok(manifestGet.headers.accept?.includes(type), type);
});

test('a multi-platform index: host platform by default, --platform on request, variants normalised', async () => {
  const reg = await registry();
  const images = [makeImage({ platform: amd64 }), makeImage({ platform: arm64 }), makeImage({ platform: armv6 }), makeImage({ platform: armv7 })];
  const index = makeIndex(images, { attestations: true });
  reg.pushIndex('multi', index, images, ['latest']);
  const { client } = testClient();
  const ref = parseReference(`${reg.host}/multi`);

  const host = await client.resolve(ref);
  assert.equal(host.indexDigest, index.digest);
  assert.deepEqual(host.indexBytes, index.bytes);
  assert.equal(host.indexMediaType, MT.ociIndex);
  const hostArch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  assert.equal(host.platform.architecture, hostArch);

  const want = async (platform: { os: string; architecture: string; variant?: string }) => (await client.resolve(ref, { platform })).manifestDigest;
  assert.equal(await want({ os: 'linux', architecture: 'aarch64' }), images[1]!.manifest.digest);
  assert.equal(await want({ os: 'linux', architecture: 'arm64', variant: 'v8' }), images[1]!.manifest.digest);
  assert.equal(await want({ os: 'linux', architecture: 'x86_64' }), images[0]!.manifest.digest);
  assert.equal(await want({ os: 'linux', architecture: 'armhf' }), images[3]!.manifest.digest, 'armhf = arm/v7, not v6');
  assert.equal(await want({ os: 'linux', architecture: 'arm', variant: 'v6' }), images[2]!.manifest.digest);
  assert.equal(await want({ os: 'linux', architecture: 'arm', variant: 'v8' }), images[3]!.manifest.digest, 'arm/v8 runs v7');
  const arm = await client.resolve(ref, { platform: { os: 'linux', architecture: 'arm64' } });
  assert.deepEqual(arm.platform, { os: 'linux', architecture: 'arm64' });

  const err = await failure(() => client.resolve(ref, { platform: { os: 'linux', architecture: 's390x' } }));
  assert.ok(err instanceof PlatformNotFoundError);
  assert.match(err.message, /linux\/s390x/);
  assert.equal(err.hint, 'available: linux/amd64, linux/arm64, linux/arm/v6, linux/arm/v7; choose one with --platform');
  // Attestation manifests were never fetched.
  assert.equal(reg.server.requests.filter((r) => r.path.includes('manifests/sha256:') && !images.some((i) => r.path.endsWith(i.manifest.digest))).length, 0);
});

test('attestation manifests are skipped even when they claim a real platform', async () => {
  const reg = await registry();
  const image = makeImage({ platform: amd64 });
  const index = makeIndex([image], {
    prepend: [{
      mediaType: MT.ociManifest, digest: sha256('attestation'), size: 10, platform: amd64,
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    }],
  });
  reg.pushIndex('att', index, [image], ['latest']);
  const resolved = await testClient().client.resolve(parseReference(`${reg.host}/att`), { platform: amd64 });
  assert.equal(resolved.manifestDigest, image.manifest.digest);
});

test('only unknown/unknown entries: PlatformNotFoundError with nothing to offer', async () => {
  const reg = await registry();
  const index = makeIndex([], { prepend: [{ mediaType: MT.ociManifest, digest: sha256('x'), size: 10, platform: { os: 'unknown', architecture: 'unknown' } }] });
  reg.putManifest('odd', index, ['latest']);
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/odd`)));
  assert.ok(err instanceof PlatformNotFoundError);
  assert.equal(err.hint, undefined);
});

test('a single-platform image: pulled on any host by default, refused for an explicit other platform', async () => {
  const reg = await registry();
  const image = makeImage({ platform: { os: 'linux', architecture: 'riscv64' } });
  reg.pushImage('riscv', image, ['latest']);
  const { client } = testClient();
  const ref = parseReference(`${reg.host}/riscv`);
  assert.deepEqual((await client.resolve(ref)).platform, { os: 'linux', architecture: 'riscv64' });
  assert.equal((await client.resolve(ref, { platform: { os: 'linux', architecture: 'riscv64' } })).manifestDigest, image.manifest.digest);
  const err = await failure(() => client.resolve(ref, { platform: amd64 }));
  assert.ok(err instanceof PlatformNotFoundError);
  assert.match(err.hint ?? '', /available: linux\/riscv64/);
});

test('by digest: the manifest is verified against the digest asked for', async () => {
  const reg = await registry();
  const image = makeImage();
  reg.pushImage('x', image);
  const { client } = testClient();
  const good = await client.resolve(parseReference(`${reg.host}/x@${image.manifest.digest}`));
  assert.equal(good.manifestDigest, image.manifest.digest);

  // A lying registry: other bytes under that digest, with a Docker-Content-Digest that matches what it sends.
  const other = makeImage();
  reg.server.on('GET', `/v2/x/manifests/${image.manifest.digest}`, (_req, res) => {
    res.writeHead(200, { 'content-type': other.manifest.mediaType, 'docker-content-digest': other.manifest.digest });
    res.end(other.manifest.bytes);
  });
  const err = await failure(() => client.resolve(parseReference(`${reg.host}/x@${image.manifest.digest}`)));
  assert.ok(err instanceof DigestMismatchError, String(err));
  assert.equal(err.fields.expected, image.manifest.digest);
  assert.equal(err.fields.actual, other.manifest.digest);
});

test('tag and digest: the digest wins', async () => {
  const reg = await registry();
  const pinned = makeImage();
  const moved = makeImage();
  reg.pushImage('x', pinned);
  reg.pushImage('x', moved, ['1']);
  const resolved = await testClient().client.resolve(parseReference(`${reg.host}/x:1@${pinned.manifest.digest}`));
  assert.equal(resolved.manifestDigest, pinned.manifest.digest);
});

test('an index entry whose manifest does not match its digest fails', async () => {
  const reg = await registry();
  const image = makeImage({ platform: amd64 });
  const index = makeIndex([image]);
  reg.putManifest('x', index, ['latest']);
  reg.pushImage('x', { ...image, manifest: { ...makeImage().manifest, digest: image.manifest.digest } });
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`), { platform: amd64 }));
  assert.ok(err instanceof DigestMismatchError || err instanceof SizeMismatchError, String(err));
});

test('by tag: a Docker-Content-Digest that disagrees with the body fails', async () => {
  const reg = await registry();
  const image = makeImage();
  reg.server.on('GET', '/v2/x/manifests/latest', (_req, res) => {
    res.writeHead(200, { 'content-type': image.manifest.mediaType, 'docker-content-digest': sha256('something else') });
    res.end(image.manifest.bytes);
  });
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`)));
  assert.ok(err instanceof DigestMismatchError);
});

test('a corrupted or resized config is refused', async () => {
  const reg = await registry();
  const image = makeImage();
  reg.pushImage('x', image, ['latest']);
  const path = `/v2/x/blobs/${image.config.digest}`;
  const { client } = testClient();
  reg.server.once('GET', path, (_req, res) => {
    const bad = Buffer.from(image.config.bytes);
    bad.write('X', 5);
    res.end(bad);
  });
  assert.ok((await failure(() => client.resolve(parseReference(`${reg.host}/x`)))) instanceof DigestMismatchError);
  reg.server.once('GET', path, (_req, res) => void res.end(Buffer.concat([image.config.bytes, Buffer.from(' ')])));
  assert.ok((await failure(() => client.resolve(parseReference(`${reg.host}/x`)))) instanceof SizeMismatchError);
  reg.server.once('GET', path, (_req, res) => void res.end(image.config.bytes.subarray(1)));
  assert.ok((await failure(() => client.resolve(parseReference(`${reg.host}/x`)))) instanceof SizeMismatchError);
});

test('diff_ids must match the layer count', async () => {
  const reg = await registry();
  reg.pushImage('x', makeImage({ config: (c) => ((c.rootfs as { diff_ids: string[] }).diff_ids.pop()) }), ['latest']);
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`)));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL');
  assert.match(err.message, /1 diff_ids for 2 layers/);
});

test('foreign layers, unknown layer types and non-image artifacts are refused clearly', async () => {
  const reg = await registry();
  const { client } = testClient();
  reg.pushImage('foreign', makeImage({ manifest: (m) => ((m.layers as { mediaType: string }[])[0]!.mediaType = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip') }), ['latest']);
  const foreign = await failure(() => client.resolve(parseReference(`${reg.host}/foreign`)));
  assert.ok(foreign instanceof UnsupportedMediaTypeError);
  assert.match(foreign.hint ?? '', /Windows/);

  reg.pushImage('weird', makeImage({ manifest: (m) => ((m.layers as { mediaType: string }[])[1]!.mediaType = 'application/x-rar') }), ['latest']);
  assert.ok((await failure(() => client.resolve(parseReference(`${reg.host}/weird`)))) instanceof UnsupportedMediaTypeError);

  reg.pushImage('helm', makeImage({ manifest: (m) => ((m.config as { mediaType: string }).mediaType = 'application/vnd.cncf.helm.config.v1+json') }), ['latest']);
  const helm = await failure(() => client.resolve(parseReference(`${reg.host}/helm`)));
  assert.ok(helm instanceof UnsupportedMediaTypeError);
  assert.match(helm.hint ?? '', /not a container image/);
});

test('schema 1 manifests are refused with a hint', async () => {
  const reg = await registry();
  const schema1 = blob(Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'x', tag: 'old', fsLayers: [], history: [] })), 'application/vnd.docker.distribution.manifest.v1+prettyjws');
  reg.putManifest('x', schema1, ['old']);
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x:old`)));
  assert.ok(err instanceof UnsupportedMediaTypeError);
  assert.match(err.hint ?? '', /schema 1 is deprecated/);
});

test('CVE-2021-41190: an index served as an image manifest is refused', async () => {
  const reg = await registry();
  const image = makeImage({ platform: amd64 });
  const index = makeIndex([image]);
  reg.pushImage('x', image);
  reg.putManifest('x', { ...index, mediaType: MT.ociManifest }, ['latest']); // Content-Type says manifest, body says index
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`)));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL', String(err));
  assert.match(err.message, /CVE-2021-41190/);
});

test('a missing tag is MANIFEST_UNKNOWN in Docker\'s words', async () => {
  const reg = await registry();
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/team/app:nope`)));
  assert.ok(err instanceof RegistryError && err.code === 'MANIFEST_UNKNOWN');
  assert.equal(err.message, `manifest for ${reg.host}/team/app:nope not found: manifest unknown`);
});

test('manifests over 4 MiB are refused without being read whole', async () => {
  const reg = await registry();
  const { client } = testClient();
  reg.server.once('GET', '/v2/big/manifests/latest', (_req, res) => {
    res.writeHead(200, { 'content-type': MT.ociManifest, 'content-length': 5 * 1024 * 1024 });
    res.write(Buffer.alloc(1024));
  });
  const declared = await failure(() => client.resolve(parseReference(`${reg.host}/big`)));
  assert.ok(declared instanceof RegistryError && declared.code === 'REGISTRY_PROTOCOL');
  assert.match(declared.message, /over the 4194304-byte limit/);
  reg.server.once('GET', '/v2/big/manifests/latest', (_req, res) => {
    res.writeHead(200, { 'content-type': MT.ociManifest }); // chunked, endless
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    pump();
    res.on('close', () => res.removeAllListeners('drain'));
  });
  const streamed = await failure(() => client.resolve(parseReference(`${reg.host}/big`)));
  assert.ok(streamed instanceof RegistryError && streamed.code === 'REGISTRY_PROTOCOL');
  assert.match(streamed.message, /over the 4194304-byte limit/);
});

test('a layer descriptor with a path in its digest is refused before any blob request', async () => {
  const reg = await registry();
  reg.pushImage('x', makeImage({ manifest: (m) => ((m.layers as { digest: string }[])[0]!.digest = 'sha256:../../../etc/passwd') }), ['latest']);
  const err = await failure(() => testClient().client.resolve(parseReference(`${reg.host}/x`)));
  assert.ok(err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL');
  assert.equal(reg.server.requests.filter((r) => r.path.includes('/blobs/')).length, 0);
});
