import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, hostPlatform, nodePlatform, normalizePlatform, parsePlatform, type Platform } from '../../../engine/reference/platform.js';
import { UsageError } from '../../../engine/errors.js';

const cases: [string, Platform][] = [
  ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
  ['linux/x86_64', { os: 'linux', architecture: 'amd64' }],
  ['linux/x86-64', { os: 'linux', architecture: 'amd64' }],
  ['linux/amd64/v1', { os: 'linux', architecture: 'amd64' }],
  ['linux/amd64/v3', { os: 'linux', architecture: 'amd64', variant: 'v3' }],
  ['linux/arm64', { os: 'linux', architecture: 'arm64' }],
  ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }],
  ['linux/aarch64', { os: 'linux', architecture: 'arm64' }],
  ['linux/aarch64/v8', { os: 'linux', architecture: 'arm64' }],
  ['linux/arm64/v9', { os: 'linux', architecture: 'arm64', variant: 'v9' }],
  ['linux/armhf', { os: 'linux', architecture: 'arm', variant: 'v7' }],
  ['linux/armel', { os: 'linux', architecture: 'arm', variant: 'v6' }],
  ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v7' }],
  ['linux/arm/v6', { os: 'linux', architecture: 'arm', variant: 'v6' }],
  ['linux/arm/7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
  ['linux/i386', { os: 'linux', architecture: '386' }],
  ['Linux/AMD64', { os: 'linux', architecture: 'amd64' }],
  ['linux/s390x', { os: 'linux', architecture: 's390x' }],
  ['windows/amd64', { os: 'windows', architecture: 'amd64' }],
];

for (const [text, want] of cases) {
  test(`parsePlatform(${text})`, () => assert.deepEqual(parsePlatform(text), want));
}

test('a single component is an architecture on the host os, or an os on the host architecture', () => {
  const host = hostPlatform();
  assert.deepEqual(parsePlatform('arm64'), { os: host.os, architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux'), host);
});

test('malformed platforms are usage errors with a hint', () => {
  for (const text of ['', 'linux/', '/amd64', 'linux/amd64/v8/x', 'linux/am d64', 'linux//v7']) {
    assert.throws(() => parsePlatform(text), (err: unknown) => {
      assert.ok(err instanceof UsageError, text);
      assert.match(err.message, /invalid platform/);
      assert.match(err.hint ?? '', /os\/arch/);
      return true;
    });
  }
});

test('host platform from Node names', () => {
  assert.deepEqual(nodePlatform('linux', 'x64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(nodePlatform('linux', 'arm64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(normalizePlatform(nodePlatform('linux', 'arm', '6')), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(normalizePlatform(nodePlatform('linux', 'arm')), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(nodePlatform('linux', 'ia32'), { os: 'linux', architecture: '386' });
  assert.deepEqual(nodePlatform('linux', 'ppc64'), { os: 'linux', architecture: 'ppc64le' });
  const host = hostPlatform();
  assert.equal(host.os, 'linux');
  assert.equal(host.architecture, process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : host.architecture);
});

test('formatPlatform', () => {
  assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
  assert.equal(formatPlatform({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
});
