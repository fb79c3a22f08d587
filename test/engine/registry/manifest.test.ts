// parseManifest on its own: the four types, CVE-2021-41190 media type
// confusion in every form, schema 1, and hostile descriptors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest } from '../../../engine/registry/manifest.js';
import { parseImageConfig } from '../../../engine/registry/image-config.js';
import { layerCompression } from '../../../engine/registry/media-types.js';
import { RegistryError, UnsupportedMediaTypeError } from '../../../engine/errors.js';
import { MT, sha256 } from './fake-registry.js';

const D = sha256('x');
const desc = (mediaType: string) => ({ mediaType, digest: D, size: 1 });
const imageDoc = (mediaType?: string) => ({ schemaVersion: 2, ...(mediaType ? { mediaType } : {}), config: desc(MT.ociConfig), layers: [desc(MT.ociLayerGzip)] });
const indexDoc = (mediaType?: string) => ({ schemaVersion: 2, ...(mediaType ? { mediaType } : {}), manifests: [{ ...desc(MT.ociManifest), platform: { os: 'linux', architecture: 'amd64' } }] });
const parse = (doc: unknown, contentType?: string) => parseManifest(Buffer.from(JSON.stringify(doc)), contentType, 'reg.test');

function protocolFailure(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RegistryError, String(err));
    assert.equal(err.code, 'REGISTRY_PROTOCOL');
    assert.match(err.message, pattern);
    return true;
  });
}

test('the four manifest types parse, with and without the optional OCI mediaType field', () => {
  assert.equal(parse(imageDoc(MT.ociManifest), MT.ociManifest).kind, 'image');
  assert.equal(parse(imageDoc(), MT.ociManifest).kind, 'image');
  assert.equal(parse(imageDoc(MT.dockerManifest), MT.dockerManifest).kind, 'image');
  assert.equal(parse(indexDoc(MT.ociIndex), MT.ociIndex).kind, 'index');
  assert.equal(parse(indexDoc(), `${MT.ociIndex}; charset=utf-8`).kind, 'index');
  const list = parse(indexDoc(MT.dockerList), MT.dockerList);
  assert.ok(list.kind === 'index');
  assert.deepEqual(list.manifests[0]!.platform, { os: 'linux', architecture: 'amd64' });
});

test('CVE-2021-41190: a mediaType field disagreeing with Content-Type is refused', () => {
  protocolFailure(() => parse(indexDoc(MT.ociIndex), MT.ociManifest), /Content-Type is .*manifest.v1\+json but the document says .*index.*CVE-2021-41190/);
  protocolFailure(() => parse(imageDoc(MT.ociManifest), MT.ociIndex), /CVE-2021-41190/);
  protocolFailure(() => parse(imageDoc(MT.dockerManifest), MT.ociManifest), /CVE-2021-41190/);
});

test('CVE-2021-41190: fields that do not fit the type are refused even without a mediaType field', () => {
  protocolFailure(() => parse({ ...imageDoc(), manifests: [] }, MT.ociManifest), /must not carry "manifests".*CVE-2021-41190/);
  protocolFailure(() => parse({ ...indexDoc(), layers: [] }, MT.ociIndex), /must not carry "layers" or "config".*CVE-2021-41190/);
  protocolFailure(() => parse({ ...indexDoc(), config: desc(MT.ociConfig) }, MT.ociIndex), /CVE-2021-41190/);
});

test('CVE-2021-41190: with a generic Content-Type, an ambiguous document is refused', () => {
  assert.equal(parse(imageDoc(MT.ociManifest), 'application/json').kind, 'image');
  assert.equal(parse(indexDoc(), 'application/octet-stream').kind, 'index', 'shape decides when unambiguous');
  protocolFailure(() => parse({ ...imageDoc(), manifests: [] }, 'application/json'), /cannot tell.*CVE-2021-41190/);
  protocolFailure(() => parse({ ...imageDoc(MT.ociIndex) }, undefined), /must not carry "layers"/);
});

test('schema 1 and unknown types are UnsupportedMediaTypeError', () => {
  for (const [doc, type] of [
    [{ schemaVersion: 1, fsLayers: [] }, 'application/vnd.docker.distribution.manifest.v1+prettyjws'],
    [{ schemaVersion: 1, fsLayers: [] }, 'application/json'],
    [{ schemaVersion: 1, fsLayers: [] }, 'application/vnd.docker.distribution.manifest.v1+json'],
  ] as const) {
    assert.throws(() => parse(doc, type), (err: unknown) => err instanceof UnsupportedMediaTypeError && /schema 1/.test(err.hint ?? ''));
  }
  assert.throws(() => parse(imageDoc(), 'application/vnd.example.thing+json'), UnsupportedMediaTypeError);
  assert.throws(() => parse(imageDoc('application/vnd.example.thing+json'), 'application/json'), UnsupportedMediaTypeError);
});

test('malformed documents and hostile descriptors are protocol errors', () => {
  protocolFailure(() => parseManifest(Buffer.from('{nope'), MT.ociManifest, 'reg.test'), /not valid JSON/);
  protocolFailure(() => parse([], MT.ociManifest), /not a JSON object/);
  protocolFailure(() => parse({ ...imageDoc(), schemaVersion: 3 }, MT.ociManifest), /schemaVersion 3/);
  protocolFailure(() => parse({ ...imageDoc(), layers: undefined }, MT.ociManifest), /no "layers" array/);
  const bad = (layer: unknown) => parse({ ...imageDoc(), layers: [layer] }, MT.ociManifest);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), digest: 'sha256:../../etc/passwd' }), /layer 1: invalid checksum digest format/);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), digest: `sha256:${'a'.repeat(63)}` }), /length/);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), size: -1 }), /invalid size/);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), size: 1.5 }), /invalid size/);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), size: 2 ** 60 }), /invalid size/);
  protocolFailure(() => bad({ ...desc('not a type'), size: 1 }), /invalid mediaType/);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), urls: 'http://x' }), /urls/);
  protocolFailure(() => bad({ ...desc(MT.ociLayerGzip), annotations: { a: 1 } }), /annotations/);
  protocolFailure(() => parse({ ...indexDoc(), manifests: [{ ...desc(MT.ociManifest), platform: { os: 'linux' } }] }, MT.ociIndex), /platform needs os and architecture/);
});

test('image configs: checked field by field, nulls tolerated', () => {
  const good = { os: 'linux', architecture: 'arm64', variant: '', config: { Cmd: null, Env: ['A=1'], Entrypoint: ['/bin/sh', '-c'] }, rootfs: { type: 'layers', diff_ids: [D] } };
  const parsed = parseImageConfig(Buffer.from(JSON.stringify(good)), 'reg.test');
  assert.equal(parsed.variant, undefined);
  assert.equal(parsed.config?.Cmd, undefined);
  assert.deepEqual(parsed.config?.Entrypoint, ['/bin/sh', '-c']);
  const bad = (patch: Record<string, unknown>) => () => parseImageConfig(Buffer.from(JSON.stringify({ ...good, ...patch })), 'reg.test');
  protocolFailure(bad({ os: undefined }), /missing "os"/);
  protocolFailure(bad({ rootfs: { type: 'layers', diff_ids: ['sha256:zz'] } }), /diff_id 1/);
  protocolFailure(bad({ rootfs: { type: 'other', diff_ids: [] } }), /rootfs/);
  protocolFailure(bad({ config: { Env: 'A=1' } }), /config.Env/);
  protocolFailure(bad({ history: [1] }), /history/);
});

test('layerCompression by media type; foreign layers refused with a hint', () => {
  assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar'), 'none');
  assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar+gzip'), 'gzip');
  assert.equal(layerCompression('application/vnd.oci.image.layer.v1.tar+zstd'), 'zstd');
  assert.equal(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip'), 'gzip');
  assert.equal(layerCompression('application/vnd.docker.image.rootfs.diff.tar'), 'none');
  assert.throws(() => layerCompression('application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'), (err: unknown) => err instanceof UnsupportedMediaTypeError && /Windows/.test(err.hint ?? ''));
  assert.throws(() => layerCompression('application/vnd.oci.image.layer.nondistributable.v1.tar+gzip'), UnsupportedMediaTypeError);
  assert.throws(() => layerCompression('application/octet-stream'), UnsupportedMediaTypeError);
});
