// The "TAG: Pulling from REPO" header names the repository path alone, as Docker does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { PullProgressView, pullingFromLine } from '../../../app/cli/pull-progress.js';

test('a registry with a port is not taken for the repository', () => {
  assert.equal(pullingFromLine('127.0.0.1:45871/qa/big:1'), '1: Pulling from qa/big');
  assert.equal(pullingFromLine('localhost:5000/a/b/c:v2'), 'v2: Pulling from a/b/c');
});

test('Docker Hub names keep library/, and a digest stands in for the tag', () => {
  assert.equal(pullingFromLine('docker.io/library/busybox:latest'), 'latest: Pulling from library/busybox');
  assert.equal(pullingFromLine('busybox'), 'latest: Pulling from library/busybox');
  const digest = 'sha256:' + 'a'.repeat(64);
  assert.equal(pullingFromLine(`registry.example:8443/x/y@${digest}`), `${digest}: Pulling from x/y`);
});

test('the view writes the header for a resolved event', () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  new PullProgressView(out, false).handle({
    type: 'resolved', reference: '127.0.0.1:45871/qa/big:1', manifestDigest: 'sha256:' + 'b'.repeat(64), indexDigest: undefined, platform: 'linux/amd64', layers: [],
  });
  assert.equal(text, '1: Pulling from qa/big\n');
});
