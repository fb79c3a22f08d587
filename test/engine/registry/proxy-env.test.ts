// Go's httpproxy rules, table-driven (the cases of net/http's proxy tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProxyUrl, proxyAuthorization, ProxyResolver, proxySettingsFromEnv } from '../../../engine/registry/proxy-env.js';
import { ConfigError } from '../../../engine/errors.js';

function resolver(noProxy: string): ProxyResolver {
  return new ProxyResolver(proxySettingsFromEnv({ HTTP_PROXY: 'http://proxy:3128', HTTPS_PROXY: 'http://sproxy:3129', NO_PROXY: noProxy }));
}

const cases: [noProxy: string, url: string, proxied: boolean][] = [
  ['', 'https://registry.example.com/v2/', true],
  ['', 'http://localhost:5000/', false],
  ['', 'https://127.0.0.1/', false],
  ['', 'https://127.1.2.3:5000/', false],
  ['', 'https://[::1]:5000/', false],
  ['', 'https://[::2]/', true],
  ['', 'https://[::ffff:127.0.0.1]/', false],
  ['*', 'https://anything.example/', false],
  ['example.com', 'http://example.com/', false],
  ['example.com', 'http://foo.example.com/', false],
  ['.example.com', 'http://example.com/', true],
  ['.example.com', 'http://foo.example.com/', false],
  ['*.example.com', 'http://example.com/', true],
  ['*.example.com', 'http://a.b.example.com/', false],
  ['ample.com', 'http://example.com/', true],
  ['foobar.com, .barbaz.net', 'http://barbaz.net/', true],
  ['foobar.com, .barbaz.net', 'http://www.barbaz.net/', false],
  ['foobar.com, .barbaz.net', 'http://foofoobar.com/', true],
  ['foobar.com, .barbaz.net', 'http://www.foobar.com/', false],
  ['FOOBAR.com', 'http://WWW.foobar.COM/', false],
  ['example.com:443', 'https://example.com/', false],
  ['example.com:443', 'http://example.com/', true],
  ['example.com:5000', 'https://example.com:5000/', false],
  ['example.com:5000', 'https://example.com:5001/', true],
  ['10.0.0.0/8', 'https://10.1.2.3:5000/', false],
  ['10.0.0.0/8', 'https://11.1.2.3/', true],
  ['10.0.0.0/8', 'https://ten.example/', true],
  ['192.168.1.5', 'https://192.168.1.5:5000/', false],
  ['192.168.1.5:5000', 'https://192.168.1.5:5000/', false],
  ['192.168.1.5:5000', 'https://192.168.1.5:5001/', true],
  ['2001:db8::/32', 'https://[2001:db8::5]/', false],
  ['[2001:db8::1]:443', 'https://[2001:db8:0::1]/', false],
  ['[2001:db8::1]:443', 'http://[2001:db8::1]/', true],
  [' , ,registry.test ', 'https://registry.test/', false],
];

for (const [noProxy, url, proxied] of cases) {
  test(`NO_PROXY="${noProxy}" ${url} -> ${proxied ? 'proxy' : 'direct'}`, () => {
    const got = resolver(noProxy).proxyFor(new URL(url));
    assert.equal(got !== undefined, proxied);
    if (got) assert.equal(got.host, url.startsWith('https:') ? 'sproxy:3129' : 'proxy:3128');
  });
}

test('upper case names win over lower case; lower case alone works', () => {
  const both = proxySettingsFromEnv({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', no_proxy: 'x.test' });
  assert.equal(both.httpsProxy?.hostname, 'upper');
  assert.equal(both.noProxy, 'x.test');
  assert.equal(proxySettingsFromEnv({ http_proxy: 'lower:8080' }).httpProxy?.href, 'http://lower:8080/');
  assert.equal(proxySettingsFromEnv({}).httpsProxy, undefined);
});

test('HTTP_PROXY is ignored under CGI (httpoxy); HTTPS_PROXY is not', () => {
  const env = proxySettingsFromEnv({ REQUEST_METHOD: 'GET', HTTP_PROXY: 'http://evil:1', HTTPS_PROXY: 'http://ok:1' });
  assert.equal(env.httpProxy, undefined);
  assert.equal(env.httpsProxy?.hostname, 'ok');
});

test('proxy URLs: no scheme means http, https proxies are allowed, socks is refused naming the variable', () => {
  assert.equal(parseProxyUrl('HTTPS_PROXY', 'proxy.corp:3128').href, 'http://proxy.corp:3128/');
  assert.equal(parseProxyUrl('HTTPS_PROXY', 'https://proxy.corp').protocol, 'https:');
  assert.throws(() => parseProxyUrl('HTTPS_PROXY', 'socks5://p:1080'), (e: unknown) => e instanceof ConfigError && /HTTPS_PROXY/.test(e.message) && /socks5/.test(e.message));
  assert.throws(() => proxySettingsFromEnv({ http_proxy: 'http://' }), ConfigError);
});

test('credentials in the proxy URL become Proxy-Authorization Basic, percent-decoded', () => {
  assert.equal(proxyAuthorization(new URL('http://us%40er:p%3Ass@proxy:1')), `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
  assert.equal(proxyAuthorization(new URL('http://proxy:1')), undefined);
});
