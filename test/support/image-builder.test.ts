// In-memory images: digests, diff_ids, media types, indexes, fixture layers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync, zstdDecompressSync } from 'node:zlib';
import { sha256Digest } from './digest.js';
import {
  bigLayer, buildImage, buildIndex, busyboxLayer, deterministicBytes, type BuiltImage,
} from './image-builder.js';
import { BUSYBOX_PATH } from './busybox-layer.js';
import { writeTar } from './tar-writer.js';

const busyboxSkip = existsSync(BUSYBOX_PATH) ? undefined : `${BUSYBOX_PATH} missing: apt-get install busybox-static`;
if (busyboxSkip) console.log(`# skipping busybox tests: ${busyboxSkip}`);

const small = [{ name: 'hello.txt', type: 'file' as const, body: 'hello\n' }];

function checkImage(img: BuiltImage, decompress: (b: Buffer) => Buffer): void {
  assert.equal(img.manifestDigest, sha256Digest(img.manifest));
  assert.equal(img.configDigest, sha256Digest(img.config));
  const manifest = JSON.parse(img.manifest.toString());
  const config = JSON.parse(img.config.toString());
  assert.equal(manifest.schemaVersion, 2);
  assert.equal(manifest.mediaType, img.manifestMediaType);
  assert.deepEqual(manifest.config, { mediaType: img.configMediaType, digest: img.configDigest, size: img.config.length });
  assert.equal(manifest.layers.length, img.layers.length);
  img.layers.forEach((l, i) => {
    assert.deepEqual(manifest.layers[i], { mediaType: l.mediaType, digest: l.digest, size: l.size });
    assert.equal(l.digest, sha256Digest(l.blob));
    assert.equal(l.size, l.blob.length);
    assert.deepEqual(decompress(l.blob), l.uncompressed);
    assert.equal(l.diffId, sha256Digest(l.uncompressed));
  });
  assert.deepEqual(config.rootfs, { type: 'layers', diff_ids: img.layers.map((l) => l.diffId) });
  assert.equal(config.history.length, img.layers.length);
  assert.equal(config.os, img.platform.os);
  assert.equal(config.architecture, img.platform.architecture);
}

test('OCI gzip image: digests, diff_ids, media types, config fields', () => {
  const img = buildImage({
    layers: [small, writeTar([{ name: 'etc/', type: 'dir' }])],
    config: { Env: ['A=1'], Cmd: ['sh'], WorkingDir: '/tmp', User: '1000:1000', Labels: { x: 'y' } },
    platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
  });
  checkImage(img, gunzipSync);
  assert.equal(img.manifestMediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(img.configMediaType, 'application/vnd.oci.image.config.v1+json');
  assert.equal(img.layers[0]?.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  const config = JSON.parse(img.config.toString());
  assert.deepEqual(config.config.Cmd, ['sh']);
  assert.equal(config.variant, 'v7');
});

test('Docker format, zstd and uncompressed layers, per-layer overrides', () => {
  const docker = buildImage({ layers: [small], format: 'docker' });
  checkImage(docker, gunzipSync);
  assert.equal(docker.manifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.equal(docker.layers[0]?.mediaType, 'application/vnd.docker.image.rootfs.diff.tar.gzip');
  checkImage(buildImage({ layers: [small], compression: 'zstd' }), zstdDecompressSync);
  checkImage(buildImage({ layers: [small], compression: 'none' }), (b) => b);
  const mixed = buildImage({
    layers: [small, { tar: small, compression: 'zstd' }, { tar: small, compression: 'none', mediaType: 'application/x-lie' }],
  });
  assert.deepEqual(mixed.layers.map((l) => l.mediaType), [
    'application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.oci.image.layer.v1.tar+zstd', 'application/x-lie',
  ]);
});

test('builds are reproducible', () => {
  const a = buildImage({ layers: [small], config: { Cmd: ['true'] } });
  const b = buildImage({ layers: [small], config: { Cmd: ['true'] } });
  assert.equal(a.manifestDigest, b.manifestDigest);
});

test('index and manifest list with platforms and attestation manifests', () => {
  const amd = buildImage({ layers: [small], platform: { os: 'linux', architecture: 'amd64' } });
  const arm = buildImage({ layers: [small], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
  const idx = buildIndex([amd, arm], 'oci', { attestations: true });
  assert.equal(idx.manifestDigest, sha256Digest(idx.manifest));
  const json = JSON.parse(idx.manifest.toString());
  assert.equal(json.mediaType, 'application/vnd.oci.image.index.v1+json');
  assert.equal(json.manifests.length, 4);
  assert.deepEqual(json.manifests[1].platform, { architecture: 'arm64', os: 'linux', variant: 'v8' });
  assert.deepEqual(json.manifests[2].platform, { architecture: 'unknown', os: 'unknown' });
  assert.equal(json.manifests[2].annotations['vnd.docker.reference.type'], 'attestation-manifest');
  assert.equal(json.manifests[2].annotations['vnd.docker.reference.digest'], amd.manifestDigest);
  assert.deepEqual(idx.manifests.map((m) => m.manifestDigest), json.manifests.map((m: { digest: string }) => m.digest));
  assert.equal(idx.attestations[0]?.layers[0]?.mediaType, 'application/vnd.in-toto+json');
  const list = JSON.parse(buildIndex([amd, arm], 'docker').manifest.toString());
  assert.equal(list.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
  assert.equal(list.manifests.length, 2);
});

test('bigLayer is deterministic, sized and incompressible', () => {
  assert.deepEqual(deterministicBytes(1000, 7), deterministicBytes(1000, 7));
  assert.notDeepEqual(deterministicBytes(1000, 7), deterministicBytes(1000, 8));
  const entries = bigLayer(3 * 1024 * 1024 + 5, 'a', { fileSize: 1024 * 1024 });
  const files = entries.filter((e) => e.type === 'file');
  assert.equal(files.length, 4);
  assert.equal(files.reduce((n, e) => n + (e.body as Buffer).length, 0), 3 * 1024 * 1024 + 5);
  const tar = writeTar(entries);
  assert.ok(gzipSync(tar).length > tar.length * 0.99);
});

test('busyboxLayer is a runnable root filesystem', { skip: busyboxSkip }, (t) => {
  const entries = busyboxLayer();
  const names = new Map(entries.map((e) => [e.name, e]));
  assert.equal(names.get('bin/sh')?.linkname, '/bin/busybox');
  assert.equal(names.get('tmp/')?.mode, 0o1777);
  for (const n of ['bin/busybox', 'etc/passwd', 'etc/group', 'proc/', 'sys/', 'dev/', 'root/', 'usr/sbin/httpd', 'bin/hostname', 'usr/bin/id']) {
    assert.ok(names.has(n), n);
  }
  const hard = busyboxLayer({ links: 'hardlink' });
  assert.equal(hard.find((e) => e.name === 'bin/sh')?.type, 'hardlink');
  if (process.getuid?.() !== 0) {
    t.diagnostic('not root: skipping the chroot run');
    return;
  }
  for (const layer of [entries, hard]) {
    const dir = mkdtempSync(join(tmpdir(), 'busybox-layer-test-'));
    try {
      writeFileSync(join(dir, 'layer.tar'), writeTar(layer));
      execFileSync('tar', ['-xpf', join(dir, 'layer.tar'), '-C', dir, '--numeric-owner']);
      const out = execFileSync('chroot', [dir, '/bin/sh', '-c', 'echo hi; id -un; true && ls -d /tmp'], { encoding: 'utf8' });
      assert.equal(out, 'hi\nroot\n/tmp\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
