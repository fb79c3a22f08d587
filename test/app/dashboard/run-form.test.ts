import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretKey } from '../../../app/dashboard/state/keys.js';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState, type DashboardState } from '../../../app/dashboard/state/dashboard-state.js';
import { openRunForm, runRequest, splitWords } from '../../../app/dashboard/state/run-form.js';
import { container, key } from './support.js';

const base = (): DashboardState => reducer(initialState(), { type: 'containers', rows: [container('web')] });
function type(s: DashboardState, ...inputs: (string | Parameters<typeof key>[0])[]) {
  let effect;
  for (const input of inputs) {
    const r = typeof input === 'string' ? interpretKey(s, input, key()) : interpretKey(s, '', key(input));
    s = r.actions.reduce(reducer, s);
    effect = r.effect ?? effect;
  }
  return { state: s, effect };
}

test('splitWords: spaces separate, quotes group, backslashes escape', () => {
  assert.deepEqual(splitWords(`sh -c "echo 'hi there'" a\\ b ''`), ['sh', '-c', "echo 'hi there'", 'a b', '']);
  assert.deepEqual(splitWords('   '), []);
  assert.throws(() => splitWords('echo "open'), /unclosed "/);
});

test('runRequest: the image is required, env must be KEY=VALUE, ports and volumes are lists as typed', () => {
  const form = openRunForm();
  assert.deepEqual(runRequest(form), { error: 'give an image to run' });
  const values = { ...form.values, image: ' alpine ', command: 'sleep 60', env: 'A=1 B="two words"', ports: '8080:80, 443:443', volumes: 'data:/d' };
  assert.deepEqual(runRequest({ ...form, values }), {
    request: {
      image: 'alpine', name: undefined, command: ['sleep', '60'], env: ['A=1', 'B=two words'],
      memory: undefined, cpus: undefined, ports: ['8080:80', '443:443'], volumes: ['data:/d'],
    },
  });
  assert.deepEqual(runRequest({ ...form, values: { ...values, env: 'NOEQUALS' } }), { error: 'env entry "NOEQUALS" is not KEY=VALUE' });
});

test('n opens the form; typing fills the focused field; Tab, Shift-Tab and arrows move between fields', () => {
  let { state } = type(base(), 'n');
  assert.equal(state.mode, 'run');
  ({ state } = type(state, 'b', 'u', 's', 'y', { tab: true }, 'n', 'a', 'm', 'e', { downArrow: true }, 'x', { upArrow: true }, { backspace: true }));
  assert.equal(state.runForm!.values.image, 'busy');
  assert.equal(state.runForm!.values.name, 'nam');
  assert.equal(state.runForm!.values.command, 'x');
  ({ state } = type(state, { tab: true, shift: true }));
  assert.equal(state.runForm!.focus, 0);
  ({ state } = type(state, { upArrow: true }));
  assert.equal(state.runForm!.focus, 7, 'wraps to the last field');
  assert.equal(type(state, { escape: true }).state.mode, 'normal');
});

test('Enter runs the request once, waits while it is sent, and a form error goes to the status line', () => {
  const empty = type(base(), 'n', { return: true });
  assert.equal(empty.effect, undefined);
  assert.deepEqual(empty.state.status, { text: 'give an image to run', kind: 'error' });
  const sent = type(base(), 'n', 'a', 'l', 'p', { tab: true }, { tab: true }, 't', 'o', 'p', { return: true });
  assert.deepEqual(sent.effect, {
    type: 'run',
    request: { image: 'alp', name: undefined, command: ['top'], env: [], memory: undefined, cpus: undefined, ports: [], volumes: [] },
  });
  assert.equal(sent.state.runForm!.submitting, true);
  assert.equal(type(sent.state, 'x').state.runForm!.values.command, 'top', 'no typing while it is sent');
  assert.equal(type(sent.state, { return: true }).effect, undefined, 'no second run');
});
