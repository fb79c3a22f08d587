// The zero-dependency bcrypt used for the registry's htpasswd file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { bcryptHash, bcryptVerify, bcryptWithSetting } from './bcrypt.js';

test('matches published bcrypt test vectors', () => {
  // From the OpenWall crypt_blowfish test suite.
  assert.equal(bcryptWithSetting('U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.'), '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW');
  assert.equal(bcryptWithSetting('U*U*', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.'), '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK');
  assert.equal(bcryptWithSetting('', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.'), '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy');
});

test('agrees with the system crypt(3) (libxcrypt via perl) when available', (t) => {
  try {
    execFileSync('perl', ['-e', '1']);
  } catch {
    t.skip('perl not available');
    return;
  }
  for (const pw of ['', 'secret', 'pässwörd', 'x'.repeat(80)]) {
    const hash = bcryptHash(pw, { cost: 4 });
    const sys = execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', pw, hash], { encoding: 'utf8' });
    if (sys.length < 60) {
      t.skip(`system crypt(3) has no bcrypt (returned ${JSON.stringify(sys)})`);
      return;
    }
    assert.equal(hash, sys, `password ${JSON.stringify(pw)}`);
  }
});

test('verifies its own hashes and rejects wrong passwords', () => {
  const hash = bcryptHash('open sesame', { prefix: '2y' });
  assert.match(hash, /^\$2y\$05\$[./A-Za-z0-9]{53}$/);
  assert.ok(bcryptVerify('open sesame', hash));
  assert.ok(!bcryptVerify('open sesamE', hash));
  assert.throws(() => bcryptHash('x', { cost: 3 }), /cost/);
});
