import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compatibleVariants, imageEntries, selectManifest } from '../../../engine/registry/platform-select.js';
import type { ImageIndex } from '../../../engine/registry/manifest.js';
import { PlatformNotFoundError } from '../../../engine/errors.js';
import type { Platform } from '../../../engine/reference/platform.js';
import { MT, sha256 } from './fake-registry.js';

function index(...entries: (Platform & { annotations?: Record<string, string>; mediaType?: string })[]): ImageIndex {
  return {
    kind: 'index',
    mediaType: MT.ociIndex,
    manifests: entries.map(({ annotations, mediaType, ...platform }, i) => ({
      mediaType: mediaType ?? MT.ociManifest,
      digest: sha256(String(i)),
      size: 100,
      platform,
      ...(annotations ? { annotations } : {}),
    })),
  };
}

const pick = (idx: ImageIndex, wanted: Platform) => idx.manifests.indexOf(selectManifest(idx, wanted, 'img').descriptor);

test('exact variants beat compatible older ones; the first equal entry wins', () => {
  const idx = index(
    { os: 'linux', architecture: 'arm', variant: 'v6' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 'amd64', variant: 'v2' },
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  );
  assert.equal(pick(idx, { os: 'linux', architecture: 'arm', variant: 'v7' }), 1);
  assert.equal(pick(idx, { os: 'linux', architecture: 'arm', variant: 'v6' }), 0);
  assert.equal(pick(idx, { os: 'linux', architecture: 'arm', variant: 'v8' }), 1);
  assert.equal(pick(idx, { os: 'linux', architecture: 'amd64' }), 4, 'baseline amd64 does not take a v2 image');
  assert.equal(pick(idx, { os: 'linux', architecture: 'amd64', variant: 'v3' }), 3, 'v3 runs v2 before baseline');
  assert.equal(pick(idx, { os: 'linux', architecture: 'aarch64' }), 5);
  assert.throws(() => selectManifest(idx, { os: 'linux', architecture: 'arm', variant: 'v5' }, 'img'), PlatformNotFoundError);
  assert.throws(() => selectManifest(idx, { os: 'windows', architecture: 'amd64' }, 'img'), PlatformNotFoundError);
});

test('arm v7 host falls back to v6 then v5 when v7 is absent', () => {
  const idx = index({ os: 'linux', architecture: 'arm', variant: 'v5' }, { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.equal(pick(idx, { os: 'linux', architecture: 'arm', variant: 'v7' }), 1);
  assert.deepEqual(compatibleVariants({ os: 'linux', architecture: 'arm', variant: 'v7' }), ['v7', 'v6', 'v5']);
  assert.deepEqual(compatibleVariants({ os: 'linux', architecture: 'riscv64' }), ['']);
});

test('attestations, unknown/unknown and nested indexes are not candidates', () => {
  const idx = index(
    { os: 'linux', architecture: 'amd64', annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    { os: 'unknown', architecture: 'unknown' },
    { os: 'linux', architecture: 'amd64', mediaType: MT.ociIndex },
    { os: 'linux', architecture: 'amd64', mediaType: 'application/vnd.in-toto+json' },
    { os: 'linux', architecture: 'amd64' },
  );
  assert.equal(imageEntries(idx).length, 1);
  assert.equal(pick(idx, { os: 'linux', architecture: 'amd64' }), 4);
});

test('PlatformNotFoundError lists the normalised platforms on offer, once each', () => {
  const idx = index(
    { os: 'linux', architecture: 'aarch64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: 'armhf' },
    { os: 'unknown', architecture: 'unknown' },
  );
  assert.throws(() => selectManifest(idx, { os: 'linux', architecture: 'ppc64le' }, 'img'), (err: unknown) => {
    assert.ok(err instanceof PlatformNotFoundError);
    assert.equal(err.fields.platform, 'linux/ppc64le');
    assert.equal(err.hint, 'available: linux/arm64, linux/arm/v7; choose one with --platform');
    return true;
  });
});
