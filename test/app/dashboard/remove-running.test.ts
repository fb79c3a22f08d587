// The dashboard's remove (Ctrl-d/D) of a running container: the confirmation
// says it is running and will be killed, and y removes it, as lazydocker's
// force prompt does, instead of failing after the user said yes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretKey } from '../../../app/dashboard/state/keys.js';
import { reducer } from '../../../app/dashboard/state/reducer.js';
import { initialState } from '../../../app/dashboard/state/dashboard-state.js';
import { createEnginePort } from '../../../app/dashboard/create-engine-port.js';
import { openEngine } from '../../../engine/engine.js';
import { container, key } from './support.js';
import { containerFixture, skip } from '../cli/containers/fixture.js';

const f = containerFixture();

test('Ctrl-d on a running container says it will be killed; on a stopped one it does not', () => {
  const s = reducer(initialState(), { type: 'containers', rows: [container('web'), container('db', 'exited')] });
  const onWeb = interpretKey(s, 'd', key({ ctrl: true })).actions.reduce(reducer, s);
  assert.match(onWeb.confirm!.message, /^Remove container web\? web is running: it is killed first\.?$/);
  const onDb = interpretKey(s, 'j', key()).actions.reduce(reducer, s);
  const rmDb = interpretKey(onDb, 'D', key()).actions.reduce(reducer, onDb);
  assert.equal(rmDb.confirm!.message, 'Remove container db?');
});

test('the engine port removes a running container once confirmed', { skip }, async () => {
  const run = await f.cli('run', '-d', '--name', 'busy', 'busybox', 'sleep', '600');
  assert.equal(run.code, 0, run.stderr);
  const engine = await openEngine({ root: f.env.root, configFile: f.env.configFile });
  const port = createEnginePort(engine);
  await port.containerAction('remove', run.stdout.trim());
  assert.equal((await f.cli('ps', '-aq')).stdout, '');
});
