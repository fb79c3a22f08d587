import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, goString } from '../../../app/format/template.js';
import { renderList } from '../../../app/format/list-format.js';
import { renderInspect } from '../../../app/format/inspect-format.js';
import { UsageError } from '../../../engine/errors.js';
import { filterContainers, filtersImplyAll, parseContainerFilters } from '../../../engine/containers/filter-containers.js';
import type { ContainerRecord } from '../../../engine/containers/record.js';

const run = (src: string, data: unknown) => compileTemplate(src).execute(data);

const DATA = {
  Id: 'abc',
  State: { Status: 'running', Pid: 42, Running: true, ExitCode: 0 },
  Config: { Env: ['A=1', 'B=2'], Labels: { 'com.x': 'y', z: '' }, Entrypoint: null, Cmd: ['sh', '-c', 'x'] },
  NetworkSettings: { IPAddress: '10.0.0.2', Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] } },
};

test('field paths, literals and text', () => {
  assert.equal(run('{{.State.Status}} pid={{.State.Pid}}', DATA), 'running pid=42');
  assert.equal(run('{{.NetworkSettings.IPAddress}}', DATA), '10.0.0.2');
  assert.equal(run('id: {{ .Id }}!', DATA), 'id: abc!');
  assert.equal(run('{{"q\\"x"}} {{`raw`}} {{7}}', DATA), 'q"x raw 7');
  assert.equal(run('{{.}}', 'plain'), 'plain');
});

test("values print as Go's %v: slices, maps, bools, nil", () => {
  assert.equal(run('{{.Config.Env}}', DATA), '[A=1 B=2]');
  assert.equal(run('{{.Config.Labels}}', DATA), 'map[com.x:y z:]');
  assert.equal(run('{{.State.Running}}', DATA), 'true');
  assert.equal(run('{{.Config.Entrypoint}}', DATA), '<no value>');
  assert.equal(goString({ b: [1, { c: true }], a: 'x' }), 'map[a:x b:[1 map[c:true]]]');
});

test('json, index, join, printf, upper, len, pipes and parentheses', () => {
  assert.equal(run('{{json .Config.Labels}}', DATA), '{"com.x":"y","z":""}');
  assert.equal(run('{{json .Config}}', DATA), JSON.stringify(DATA.Config));
  assert.equal(run('{{index .Config.Labels "com.x"}}', DATA), 'y');
  assert.equal(run('{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}}', DATA), '8080');
  assert.equal(run('{{index .Config.Cmd 1}}', DATA), '-c');
  assert.equal(run('{{join .Config.Env ","}}', DATA), 'A=1,B=2');
  assert.equal(run('{{.State.Status | upper}}', DATA), 'RUNNING');
  assert.equal(run('{{.Config.Env | len}}', DATA), '2');
  assert.equal(run('{{printf "%s:%d %q" .Id .State.Pid .State.Status}}', DATA), 'abc:42 "running"');
  assert.equal(run('{{.State | json}}', DATA), JSON.stringify(DATA.State));
});

test('range, if/else, with, variables and trims', () => {
  assert.equal(run('{{range .Config.Env}}[{{.}}]{{end}}', DATA), '[A=1][B=2]');
  assert.equal(run('{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', DATA), 'com.x=y;z=;');
  assert.equal(run('{{range $p, $b := .NetworkSettings.Ports}}{{$p}}->{{(index $b 0).HostPort}}{{end}}', DATA), '80/tcp->8080');
  assert.equal(run('{{range .Config.Entrypoint}}x{{else}}none{{end}}', DATA), 'none');
  assert.equal(run('{{if .State.Running}}up{{else}}down{{end}}', DATA), 'up');
  assert.equal(run('{{if eq .State.Status "exited"}}e{{else}}not{{end}}', DATA), 'not');
  assert.equal(run('{{with .NetworkSettings}}{{.IPAddress}}{{end}}', DATA), '10.0.0.2');
  assert.equal(run('a  {{- .Id -}}  b', DATA), 'aabcb');
  assert.equal(run('{{/* comment */}}x', DATA), 'x');
  assert.equal(run('{{range .Config.Env}}{{$.Id}}{{end}}', DATA), 'abcabc');
});

test('bad templates and missing keys are one clear usage error', () => {
  const bad = ['{{.Id', '{{if .Id}}x', '{{end}}', '{{nosuchfunc .Id}}', '{{.Id | }}', '{{else}}'];
  for (const src of bad) assert.throws(() => run(src, DATA), (e: unknown) => e instanceof UsageError && /^template parsing error: /.test(e.message), src);
  assert.throws(() => run('{{.Nope}}', DATA), /map has no entry for key "Nope"/);
  assert.throws(() => run('{{.Id.Deeper}}', DATA), /can't evaluate field Deeper/);
});

test('renderList: table default, json lines, bare templates, "table TEMPLATE" with headers', () => {
  const rows = [{ id: 'a1', name: 'web' }, { id: 'b2', name: 'db-long-name' }];
  const spec = {
    fields: (r: { id: string; name: string }) => ({ ID: r.id, Names: r.name, Label: (k: unknown) => `L${String(k)}` }),
    headers: { ID: 'CONTAINER ID', Names: 'NAMES', Label: 'LABEL' },
    table: (list: readonly { id: string; name: string }[]) => ({ header: ['ID'], cells: list.map((r) => [r.id]) }),
  };
  assert.equal(renderList(undefined, rows, spec), 'ID\na1\nb2\n');
  assert.equal(renderList('json', rows.slice(0, 1), spec), '{"ID":"a1","Names":"web"}\n');
  assert.equal(renderList('{{.ID}}:{{.Names}} {{.Label "x"}}', rows, spec), 'a1:web Lx\nb2:db-long-name Lx\n');
  assert.equal(renderList('table {{.ID}}\t{{.Names}}', rows, spec), 'CONTAINER ID   NAMES\na1             web\nb2             db-long-name\n');
  assert.equal(renderList('table {{.Names}}', [], spec), 'NAMES\n');
});

test('renderInspect: JSON array by default, one line per object with a template', () => {
  assert.equal(renderInspect(undefined, [{ a: 1 }]), '[\n    {\n        "a": 1\n    }\n]\n');
  assert.equal(renderInspect('{{.a}}', [{ a: 1 }, { a: 2 }]), '1\n2\n');
  assert.equal(renderInspect('{{.a}}', []), '');
});

function rec(id: string, name: string, status: 'running' | 'exited' | 'created', exitCode = 0, imageName = 'busybox'): ContainerRecord {
  return {
    config: { id: id.padEnd(64, '0'), name, image: `sha256:${'ab'.repeat(32)}`, imageName } as ContainerRecord['config'],
    state: { status, exitCode } as ContainerRecord['state'],
  };
}

test('ps filters: OR within a key, AND across keys; bad filters refused', async () => {
  const rows = [rec('aaa', 'web', 'running'), rec('bbb', 'db', 'exited', 3), rec('ccc', 'web2', 'exited', 0, 'alpine')];
  const facts = {
    labels: async (r: ContainerRecord) => (r.config.name === 'db' ? { tier: 'data' } : { tier: 'front' }),
    networks: (r: ContainerRecord) => (r.config.name === 'db' ? ['bridge', 'appnet'] : ['bridge']),
    imageId: async (ref: string) => (ref === 'busybox:latest' ? `sha256:${'ab'.repeat(32)}` : undefined),
  };
  const names = async (...specs: string[]) => (await filterContainers(rows, parseContainerFilters(specs), facts)).map((r) => r.config.name);
  assert.deepEqual(await names('status=exited'), ['db', 'web2']);
  assert.deepEqual(await names('status=exited', 'status=running'), ['web', 'db', 'web2']);
  assert.deepEqual(await names('name=web'), ['web', 'web2']);
  assert.deepEqual(await names('name=^web$'), ['web']);
  assert.deepEqual(await names('id=bbb'), ['db']);
  assert.deepEqual(await names('exited=3'), ['db']);
  assert.deepEqual(await names('label=tier=data'), ['db']);
  assert.deepEqual(await names('label=tier'), ['web', 'db', 'web2']);
  assert.deepEqual(await names('network=appnet'), ['db']);
  assert.deepEqual(await names('ancestor=alpine'), ['web2']);
  assert.deepEqual(await names('ancestor=busybox:latest', 'status=exited'), ['db', 'web2'], 'web2 runs alpine but the image ID matches too');
  assert.deepEqual(await names('ancestor=abab'), ['web', 'db', 'web2']);
  assert.ok(filtersImplyAll(parseContainerFilters(['exited=0'])));
  assert.ok(!filtersImplyAll(parseContainerFilters(['name=x'])));
  for (const bad of ['color=red', 'status=sleeping', 'exited=x', 'name']) {
    assert.throws(() => parseContainerFilters([bad]), UsageError, bad);
  }
});
