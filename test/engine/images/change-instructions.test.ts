import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges } from '../../../engine/images/change-instructions.js';
import { UsageError } from '../../../engine/errors.js';

test('--change instructions edit a config the way Docker does', () => {
  const out = applyChanges({ Env: ['PATH=/bin', 'A=0'], WorkingDir: '/srv' }, [
    'CMD ["sh", "-c", "echo hi"]',
    'ENTRYPOINT /init --flag',
    'ENV A=1 B="two words"',
    'env C three words',
    'EXPOSE 80 53/udp',
    'LABEL org.x=y "k 2"=v',
    'USER app',
    'WORKDIR sub',
    'VOLUME ["/data", "/logs"]',
    'STOPSIGNAL SIGTERM',
  ]);
  assert.deepEqual(out.Cmd, ['sh', '-c', 'echo hi']);
  assert.deepEqual(out.Entrypoint, ['/bin/sh', '-c', '/init --flag']);
  assert.deepEqual(out.Env, ['PATH=/bin', 'A=1', 'B=two words', 'C=three words']);
  assert.deepEqual(out.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
  assert.deepEqual(out.Labels, { 'org.x': 'y', 'k 2': 'v' });
  assert.equal(out.User, 'app');
  assert.equal(out.WorkingDir, '/srv/sub');
  assert.deepEqual(out.Volumes, { '/data': {}, '/logs': {} });
  assert.equal(out.StopSignal, 'SIGTERM');
});

test('unknown or malformed changes are usage errors', () => {
  for (const change of ['RUN echo', 'EXPOSE 99999', 'USER', 'LABEL novalue', 'ENV "unterminated']) {
    assert.throws(() => applyChanges({}, [change]), UsageError, change);
  }
});
