import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges, pickChallenge } from '../../../engine/registry/auth-challenge.js';
import { parseTokenBody } from '../../../engine/registry/auth.js';
import { mapNetworkFailure } from '../../../engine/registry/http.js';
import { NetworkError, describeErrorBody, unreachableError } from '../../../engine/registry/registry-errors.js';
import { AbortedError, RegistryError } from '../../../engine/errors.js';

test('Docker Hub\'s bearer challenge', () => {
  const [c] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull",error="insufficient_scope"');
  assert.deepEqual(c, {
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull', error: 'insufficient_scope' },
  });
});

test('several challenges, spaces, unquoted values, escapes, commas inside quotes', () => {
  const all = parseChallenges('Basic realm="a, b", Bearer  realm = "https://x/t" , service=reg,scope="repository:a:pull repository:b:pull", Foo realm="q\\"uote"');
  assert.deepEqual(all.map((c) => c.scheme), ['basic', 'bearer', 'foo']);
  assert.equal(all[0]!.params.realm, 'a, b');
  assert.deepEqual(all[1]!.params, { realm: 'https://x/t', service: 'reg', scope: 'repository:a:pull repository:b:pull' });
  assert.equal(all[2]!.params.realm, 'q"uote');
  assert.equal(pickChallenge(all)?.scheme, 'bearer');
  assert.equal(pickChallenge(parseChallenges('Negotiate, Basic realm=x'))?.scheme, 'basic');
  assert.equal(pickChallenge(parseChallenges('Negotiate')), undefined);
  assert.deepEqual(parseChallenges(undefined), []);
  assert.deepEqual(parseChallenges('BASIC'), [{ scheme: 'basic', params: {} }]);
});

test('token bodies: token or access_token, expires_in defaults to 60', () => {
  assert.deepEqual(parseTokenBody(Buffer.from('{"token":"abc","expires_in":300}'), 'h'), { token: 'abc', seconds: 300 });
  assert.deepEqual(parseTokenBody(Buffer.from('{"access_token":"xyz"}'), 'h'), { token: 'xyz', seconds: 60 });
  assert.deepEqual(parseTokenBody(Buffer.from('{"token":"abc","expires_in":"soon"}'), 'h'), { token: 'abc', seconds: 60 });
  for (const bad of ['{}', '{"token":""}', '{"token":"a\\nb"}', 'not json', '[]']) {
    assert.throws(() => parseTokenBody(Buffer.from(bad), 'h'), (err: unknown) => err instanceof RegistryError && err.code === 'REGISTRY_PROTOCOL', bad);
  }
});

test('socket errors map to network error kinds; aborts to AbortedError', () => {
  const kind = (code: string) => (mapNetworkFailure(Object.assign(new Error(code), { code }), 'h:1') as NetworkError).kind;
  assert.equal(kind('ECONNREFUSED'), 'refused');
  assert.equal(kind('ENOTFOUND'), 'dns');
  assert.equal(kind('EAI_AGAIN'), 'dns');
  assert.equal(kind('ECONNRESET'), 'reset');
  assert.equal(kind('ETIMEDOUT'), 'timeout');
  assert.equal(kind('EHOSTUNREACH'), 'unreachable');
  assert.equal(kind('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls');
  assert.equal(kind('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls');
  assert.equal(kind('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls');
  const transient = (code: string) => (mapNetworkFailure(Object.assign(new Error(code), { code }), 'h') as NetworkError).transient;
  assert.deepEqual(['ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNREFUSED', 'ENOTFOUND', 'CERT_HAS_EXPIRED'].map(transient), [true, true, true, false, false, false]);
  const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
  assert.ok(mapNetworkFailure(abort, 'h') instanceof AbortedError);
  const dns = unreachableError(new NetworkError('dns', 'nowhere.example:5000', 'getaddrinfo ENOTFOUND nowhere.example'));
  assert.equal(dns.code, 'REGISTRY_UNREACHABLE');
  assert.match(dns.message, /cannot reach registry nowhere\.example:5000: no such host/);
  assert.match(dns.hint ?? '', /check the registry name/);
});

test('registry error bodies become one clean line', () => {
  assert.equal(describeErrorBody(Buffer.from('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')), 'manifest unknown');
  assert.equal(describeErrorBody(Buffer.from('{"errors":[{"code":"NAME_UNKNOWN"},{"code":"X","message":"two"}]}')), 'name unknown; two');
  assert.equal(describeErrorBody(Buffer.from('<html>\x1b[31mbad\ngateway</html>')), '<html> [31mbad gateway</html>');
  assert.equal(describeErrorBody(undefined), '');
});
