// --format and --filter through the real CLI: inspect -f, image inspect -f,
// ps --format (bare and "table"), ps --filter, images --format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerFixture, skip } from './fixture.js';

const f = containerFixture();

test('inspect -f and ps --format/--filter on real containers', { skip }, async () => {
  const up = await f.cli('run', '-d', '--name', 'fmt-up', 'busybox', 'sleep', '60');
  assert.equal(up.code, 0, up.stderr);
  const done = await f.cli('run', '--name', 'fmt-done', 'busybox', 'sh', '-c', 'exit 3');
  assert.equal(done.code, 3, done.stderr);
  const id = up.stdout.trim();

  const status = await f.cli('inspect', '-f', '{{.State.Status}} {{.Name}} {{.Config.Image}}', 'fmt-up', 'fmt-done');
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.stdout, 'running /fmt-up busybox\nexited /fmt-done busybox\n');
  const ip = await f.cli('inspect', '--format', '{{.NetworkSettings.IPAddress}}', 'fmt-up');
  assert.match(ip.stdout, /^10\.213\.\d+\.\d+\n$/);
  const cfg = await f.cli('inspect', '-f', '{{json .Config.Cmd}}|{{range .Config.Env}}{{.}};{{end}}', 'fmt-up');
  assert.match(cfg.stdout, /^\["sleep","60"\]\|PATH=[^;]+;FROM_IMAGE=yes;\n$/);
  const bad = await f.cli('inspect', '-f', '{{.Nope}}', 'fmt-up');
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^Error: template parsing error: .*map has no entry for key "Nope"/);

  const ps = await f.cli('ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Image}} {{.State}} {{.Status}}');
  assert.equal(ps.code, 0, ps.stderr);
  assert.match(ps.stdout, new RegExp(`^${id.slice(0, 12)} fmt-up busybox running Up `, 'm'));
  assert.match(ps.stdout, /^[0-9a-f]{12} fmt-done busybox exited Exited \(3\) /m);

  const table = await f.cli('ps', '--format', 'table {{.Names}}\t{{.Image}}');
  assert.equal(table.stdout, 'NAMES     IMAGE\nfmt-up    busybox\n');

  const exited = await f.cli('ps', '--filter', 'status=exited', '--format', '{{.Names}}');
  assert.equal(exited.stdout, 'fmt-done\n', 'a status filter lists stopped containers without -a');
  assert.equal((await f.cli('ps', '-a', '-f', 'exited=3', '--format', '{{.Names}}')).stdout, 'fmt-done\n');
  assert.equal((await f.cli('ps', '-a', '-f', 'name=fmt-', '-f', 'status=running', '--format', '{{.Names}}')).stdout, 'fmt-up\n');
  assert.equal((await f.cli('ps', '-a', '-f', `id=${id.slice(0, 6)}`, '-q')).stdout, `${id.slice(0, 12)}\n`);
  assert.equal((await f.cli('ps', '-a', '-f', 'ancestor=busybox', '-f', 'name=fmt-done', '--format', '{{.Names}}')).stdout, 'fmt-done\n');
  assert.equal((await f.cli('ps', '-f', 'network=bridge', '--format', '{{.Names}} {{.Networks}}')).stdout, 'fmt-up bridge\n');
  assert.equal((await f.cli('ps', '-a', '-f', 'label=nope', '-q')).stdout, '');
  const badFilter = await f.cli('ps', '-f', 'color=red');
  assert.equal(badFilter.code, 125);
  assert.match(badFilter.stderr, /^Error: invalid filter 'color'/);

  assert.equal((await f.cli('rm', '-f', 'fmt-up', 'fmt-done')).code, 0);
});

test('image inspect -f and images --format', { skip }, async () => {
  const img = await f.cli('image', 'inspect', '-f', '{{.Os}}/{{.Architecture}} {{index .Config.Cmd 0}} {{len .RootFS.Layers}}', 'busybox');
  assert.equal(img.code, 0, img.stderr);
  assert.match(img.stdout, /^linux\/\w+ sh 1\n$/);
  const viaInspect = await f.cli('inspect', '--format', '{{index .RepoTags 0}}', 'busybox');
  assert.equal(viaInspect.stdout, 'busybox:latest\n');
  const images = await f.cli('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}');
  assert.match(images.stdout, /^busybox:latest [0-9a-f]{12}\n$/);
  const table = await f.cli('images', '--format', 'table {{.Repository}}\t{{.Tag}}');
  assert.equal(table.stdout, 'REPOSITORY   TAG\nbusybox      latest\n');
});
