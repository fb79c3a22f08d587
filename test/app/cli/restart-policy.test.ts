import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRestartPolicy } from '../../../app/cli/commands/restart-policy.js';
import { UsageError } from '../../../engine/errors.js';

test('--restart: no (or none given) passes; a policy tscontain cannot keep is refused with what to do instead', () => {
  checkRestartPolicy(undefined);
  checkRestartPolicy('no');
  for (const policy of ['always', 'unless-stopped', 'on-failure', 'on-failure:3']) {
    assert.throws(() => checkRestartPolicy(policy), (e: unknown) => e instanceof UsageError
      && e.message.includes(`"${policy}" needs a daemon`) && /systemd unit/.test(e.hint ?? ''));
  }
});

test('--restart: a malformed policy names the ones there are', () => {
  for (const bad of ['sometimes', 'on-failure:x', 'always:2', '']) {
    assert.throws(() => checkRestartPolicy(bad), (e: unknown) => e instanceof UsageError
      && e.message.startsWith('invalid restart policy') && /unless-stopped/.test(e.hint ?? ''));
  }
});
