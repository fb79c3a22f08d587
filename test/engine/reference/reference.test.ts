// Table-driven tests of Docker's reference normalisation and the
// distribution/reference grammar, each tricky case from the notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseReference, formatReference, familiarName, familiarRepository, repositoryName, isImageIdLike, isFullImageId,
  type ImageReference,
} from '../../../engine/reference/reference.js';
import { InvalidReferenceError } from '../../../engine/errors.js';

const HEX = 'a'.repeat(64);
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const valid: [string, ImageReference, string, string][] = [
  // input, parsed, full form, familiar form
  ['alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }, 'docker.io/library/alpine:latest', 'alpine:latest'],
  ['alpine:3.19', { registry: 'docker.io', repository: 'library/alpine', tag: '3.19' }, 'docker.io/library/alpine:3.19', 'alpine:3.19'],
  ['docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }, 'docker.io/library/alpine:latest', 'alpine:latest'],
  ['index.docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }, 'docker.io/library/alpine:latest', 'alpine:latest'],
  ['index.docker.io/library/alpine:edge', { registry: 'docker.io', repository: 'library/alpine', tag: 'edge' }, 'docker.io/library/alpine:edge', 'alpine:edge'],
  ['docker.io/library/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }, 'docker.io/library/alpine:latest', 'alpine:latest'],
  ['user/app:tag', { registry: 'docker.io', repository: 'user/app', tag: 'tag' }, 'docker.io/user/app:tag', 'user/app:tag'],
  ['library/foo/bar', { registry: 'docker.io', repository: 'library/foo/bar', tag: 'latest' }, 'docker.io/library/foo/bar:latest', 'library/foo/bar:latest'],
  ['a/b/c/d', { registry: 'docker.io', repository: 'a/b/c/d', tag: 'latest' }, 'docker.io/a/b/c/d:latest', 'a/b/c/d:latest'],
  ['localhost/x', { registry: 'localhost', repository: 'x', tag: 'latest' }, 'localhost/x:latest', 'localhost/x:latest'],
  ['localhost:5000/x:1', { registry: 'localhost:5000', repository: 'x', tag: '1' }, 'localhost:5000/x:1', 'localhost:5000/x:1'],
  ['registry.example.com/team/app', { registry: 'registry.example.com', repository: 'team/app', tag: 'latest' }, 'registry.example.com/team/app:latest', 'registry.example.com/team/app:latest'],
  ['example:5000/app', { registry: 'example:5000', repository: 'app', tag: 'latest' }, 'example:5000/app:latest', 'example:5000/app:latest'],
  ['192.168.0.1:80', { registry: 'docker.io', repository: 'library/192.168.0.1', tag: '80' }, 'docker.io/library/192.168.0.1:80', '192.168.0.1:80'],
  ['192.168.0.1:5000/app', { registry: '192.168.0.1:5000', repository: 'app', tag: 'latest' }, '192.168.0.1:5000/app:latest', '192.168.0.1:5000/app:latest'],
  ['[fc00::1]:5000/x', { registry: '[fc00::1]:5000', repository: 'x', tag: 'latest' }, '[fc00::1]:5000/x:latest', '[fc00::1]:5000/x:latest'],
  ['[::1]/x', { registry: '[::1]', repository: 'x', tag: 'latest' }, '[::1]/x:latest', '[::1]/x:latest'],
  ['Example.COM/app', { registry: 'Example.COM', repository: 'app', tag: 'latest' }, 'Example.COM/app:latest', 'Example.COM/app:latest'],
  ['Host/app', { registry: 'Host', repository: 'app', tag: 'latest' }, 'Host/app:latest', 'Host/app:latest'],
  ['a__b/c.d-e---f', { registry: 'docker.io', repository: 'a__b/c.d-e---f', tag: 'latest' }, 'docker.io/a__b/c.d-e---f:latest', 'a__b/c.d-e---f:latest'],
  [`alpine@${DIGEST}`, { registry: 'docker.io', repository: 'library/alpine', digest: DIGEST }, `docker.io/library/alpine@${DIGEST}`, `alpine@${DIGEST}`],
  [`alpine:3@${DIGEST}`, { registry: 'docker.io', repository: 'library/alpine', tag: '3', digest: DIGEST }, `docker.io/library/alpine:3@${DIGEST}`, `alpine:3@${DIGEST}`],
  [`localhost:5000/x@${DIGEST}`, { registry: 'localhost:5000', repository: 'x', digest: DIGEST }, `localhost:5000/x@${DIGEST}`, `localhost:5000/x@${DIGEST}`],
  [`x@sha512:${'ab'.repeat(64)}`, { registry: 'docker.io', repository: 'library/x', digest: `sha512:${'ab'.repeat(64)}` }, `docker.io/library/x@sha512:${'ab'.repeat(64)}`, `x@sha512:${'ab'.repeat(64)}`],
  ['alpine:_weird.Tag-1', { registry: 'docker.io', repository: 'library/alpine', tag: '_weird.Tag-1' }, 'docker.io/library/alpine:_weird.Tag-1', 'alpine:_weird.Tag-1'],
  [`alpine:${'t'.repeat(128)}`, { registry: 'docker.io', repository: 'library/alpine', tag: 't'.repeat(128) }, `docker.io/library/alpine:${'t'.repeat(128)}`, `alpine:${'t'.repeat(128)}`],
  // A 64-hex string is an ID only alone; as a tag or a path component it is fine.
  [`sha256:${HEX}`, { registry: 'docker.io', repository: 'library/sha256', tag: HEX }, `docker.io/library/sha256:${HEX}`, `sha256:${HEX}`],
  [`user/${HEX}`, { registry: 'docker.io', repository: `user/${HEX}`, tag: 'latest' }, `docker.io/user/${HEX}:latest`, `user/${HEX}:latest`],
];

for (const [input, parsed, full, familiar] of valid) {
  test(`parses ${input.length > 60 ? input.slice(0, 60) + '...' : input}`, () => {
    const ref = parseReference(input);
    assert.deepEqual(ref, parsed);
    assert.equal(formatReference(ref), full);
    assert.equal(familiarName(ref), familiar);
    assert.deepEqual(parseReference(full), ref, 'the full form parses back to the same reference');
  });
}

const invalid: [string, RegExp][] = [
  ['', /at least one component/],
  [HEX, /64-byte hexadecimal/],
  ['Alpine', /must be lowercase/],
  ['user/App', /must be lowercase/],
  ['docker.io/User/app', /must be lowercase/],
  ['[fc00::1]:5000', /invalid repository name|invalid/],
  ['fc00::1/x', /invalid registry host/],
  ['[fc00::1]x/y', /invalid registry host/],
  ['host:port/x', /invalid registry host/],
  ['-host.com/x', /invalid registry host/],
  ['alpine:', /invalid tag/],
  ['alpine:-x', /invalid tag/],
  ['alpine:.x', /invalid tag/],
  [`alpine:${'t'.repeat(129)}`, /invalid tag/],
  ['alpine:a:b', /invalid tag/],
  ['alpine@', /invalid digest/],
  ['alpine@sha256:abc', /invalid digest/],
  [`alpine@sha256:${'a'.repeat(63)}`, /invalid checksum digest length/],
  [`alpine@sha256:${'a'.repeat(65)}`, /invalid checksum digest length/],
  [`alpine@sha256:${'A'.repeat(64)}`, /lowercase hex/],
  [`alpine@sha512:${'a'.repeat(64)}`, /invalid checksum digest length/],
  [`alpine@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
  [`alpine@${HEX}`, /invalid digest/],
  ['a//b', /empty path component/],
  ['a/', /empty path component/],
  ['/a', /empty path component|invalid/],
  ['a/b/', /empty path component/],
  [':tag', /empty path component/],
  ['a..b', /invalid repository name/],
  ['a___b', /invalid repository name/],
  ['-a', /invalid repository name/],
  ['a-', /invalid repository name/],
  ['a b', /invalid repository name/],
  ['a/b c', /invalid repository name/],
];

for (const [input, reason] of invalid) {
  test(`refuses ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + '...' : input)}`, () => {
    assert.throws(() => parseReference(input), (err: unknown) => {
      assert.ok(err instanceof InvalidReferenceError, `an InvalidReferenceError, got ${String(err)}`);
      assert.equal(err.code, 'INVALID_REFERENCE');
      assert.match(err.message, reason);
      assert.equal(err.fields.reference, input);
      return true;
    });
  });
}

test('the 255-character name limit counts registry and repository, not the tag', () => {
  // docker.io/ (10) + library/ (8) + name
  const fits = 'a'.repeat(255 - 'docker.io/library/'.length);
  assert.equal(parseReference(`${fits}:${'t'.repeat(128)}`).repository, `library/${fits}`);
  assert.throws(() => parseReference(`${fits}a`), /not be more than 255 characters/);
  const host = 'registry.example.com';
  const path = 'b'.repeat(255 - host.length - 1);
  assert.equal(parseReference(`${host}/${path}`).repository, path);
  assert.throws(() => parseReference(`${host}/${path}b`), InvalidReferenceError);
});

test('repositoryName and familiarRepository drop tag and digest', () => {
  const ref = parseReference(`alpine:3@${DIGEST}`);
  assert.equal(repositoryName(ref), 'docker.io/library/alpine');
  assert.equal(familiarRepository(ref), 'alpine');
  assert.equal(familiarRepository(parseReference('library/foo/bar')), 'library/foo/bar');
  assert.equal(repositoryName(parseReference('localhost:5000/x:1')), 'localhost:5000/x');
});

test('the default tag is added only when neither tag nor digest is given', () => {
  assert.equal(parseReference('alpine').tag, 'latest');
  assert.equal(parseReference(`alpine@${DIGEST}`).tag, undefined);
  assert.equal(parseReference(`alpine:3@${DIGEST}`).tag, '3');
});

test('isImageIdLike and isFullImageId', () => {
  for (const s of [HEX, `sha256:${HEX}`, 'abc', 'sha256:abc', '0']) assert.equal(isImageIdLike(s), true, s);
  for (const s of ['', 'sha256:', 'xyz', HEX + 'a', 'ABC', `sha512:${HEX}`, 'alpine']) assert.equal(isImageIdLike(s), false, s);
  assert.equal(isFullImageId(HEX), true);
  assert.equal(isFullImageId(`sha256:${HEX}`), true);
  assert.equal(isFullImageId('abc'), false);
});
