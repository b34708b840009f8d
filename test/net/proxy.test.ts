// Proxy settings (flags over environment), NO_PROXY matching, and request() through a real loopback forward proxy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { fetchText } from '../../src/net/http.js';
import { bypassesProxy, proxyFor, proxySettings } from '../../src/net/proxy.js';
import { INVALID, proxyUrl } from '../../src/options/values.js';
import { startMirror, startProxy, type Mirror, type Proxy } from '../helpers/mirror.js';

describe('proxySettings', () => {
  it('reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY, lower-case first', () => {
    assert.deepEqual(
      proxySettings({}, { HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:2', HTTPS_PROXY: 'http://s:3', NO_PROXY: 'a,b' }),
      { httpProxy: 'http://lower:2', httpsProxy: 'http://s:3', noProxy: 'a,b' },
    );
    assert.deepEqual(proxySettings({}, {}), {});
  });

  it('lets --http-proxy / --https-proxy / --no-proxy override the environment', () => {
    assert.deepEqual(
      proxySettings(
        { httpProxy: 'http://flag:8080', httpsProxy: 'https://flags:8443', noProxy: 'corp.example' },
        { http_proxy: 'http://env:1', https_proxy: 'http://env:2', no_proxy: 'x' },
      ),
      { httpProxy: 'http://flag:8080', httpsProxy: 'https://flags:8443', noProxy: 'corp.example' },
    );
  });

  it('accepts host:port as users write it in http_proxy', () => {
    assert.deepEqual(proxySettings({}, { http_proxy: 'proxy.corp:3128' }), { httpProxy: 'http://proxy.corp:3128' });
  });

  it('parses a proxy value the same way from a flag and from a variable: no scheme means http://, a non-URL is refused by both', () => {
    for (const bare of ['proxy.corp:3128', 'ann:s3cret@proxy.corp:3128', 'localhost:3128', '127.0.0.1:3128']) {
      assert.equal(proxyUrl(bare), new URL(`http://${bare}`).href);
      assert.equal(proxySettings({}, { HTTP_PROXY: bare }).httpProxy, `http://${bare}`);
    }
    for (const bad of ['proxy.corp:port', ':3128', 'ftp://proxy:21', 'http://', 'socks5h:127.0.0.1:7890', 'proxy\n.corp:3128']) {
      assert.equal(proxyUrl(bad), INVALID, bad);
      assert.throws(() => proxySettings({}, { HTTP_PROXY: bad }), /HTTP_PROXY \(in the environment\): ".*" (is not a proxy URL|holds a control character)[^\n]*$/, bad);
    }
  });

  it('reads ALL_PROXY and SOCKS URLs (Clash, V2Ray)', () => {
    assert.deepEqual(proxySettings({}, { ALL_PROXY: 'socks5://127.0.0.1:7890', https_proxy: 'socks5h://127.0.0.1:1080' }), {
      httpsProxy: 'socks5h://127.0.0.1:1080',
      allProxy: 'socks5://127.0.0.1:7890',
    });
    const settings = proxySettings({}, { all_proxy: 'socks5://127.0.0.1:7890', http_proxy: 'http://p:3128' });
    assert.equal(proxyFor(new URL('https://go.dev/dl/'), settings), 'socks5://127.0.0.1:7890');
    assert.equal(proxyFor(new URL('http://go.dev/dl/'), settings), 'http://p:3128');
  });

  it('records the certificate variables it was given', () => {
    assert.deepEqual(proxySettings({}, { SSL_CERT_FILE: '/a.pem', SSL_CERT_DIR: '/certs', NODE_EXTRA_CA_CERTS: '/x.pem' }).trust, {
      certFile: '/a.pem',
      certDir: '/certs',
      extraCerts: '/x.pem',
    });
  });

  it('refuses a malformed proxy with one line that hides the password', () => {
    assert.throws(
      () => proxySettings({}, { HTTPS_PROXY: 'ftp://bob:s3cr3t@proxy:1080' }),
      (e: Error) =>
        e instanceof UserError &&
        e.message ===
          'HTTPS_PROXY (in the environment): "ftp://****@proxy:1080" is not a proxy URL, so it is refused; set it to one (http://host:port, https://host:port or socks5://host:port) or unset it',
    );
    assert.throws(() => proxySettings({ httpProxy: 'http://bob:s3cr3t@' }, {}), (e: Error) => !e.message.includes('s3cr3t') && /--http-proxy/.test(e.message));
  });
});

describe('NO_PROXY', () => {
  const cases: [string, string, boolean][] = [
    ['https://go.dev/dl/', '*', true],
    ['https://go.dev/dl/', 'go.dev', true],
    ['https://dl.go.dev/x', 'go.dev', true],
    ['https://dl.go.dev/x', '.go.dev', true],
    ['https://notgo.dev/x', 'go.dev', false],
    ['http://10.1.2.3:8080/', '10.0.0.0/8', true],
    ['http://11.1.2.3/', '10.0.0.0/8', false],
    ['http://127.0.0.1:9000/', '127.0.0.1', true],
    ['http://127.0.0.1:9000/', 'localhost:9000, 127.0.0.1:9001', false],
    ['http://localhost:9000/', 'localhost:9000', true],
    ['http://[::1]:80/', '::1', true],
    ['https://go.dev/', '', false],
  ];
  for (const [url, noProxy, expected] of cases) {
    it(`${url} with NO_PROXY=${JSON.stringify(noProxy)} ${expected ? 'goes direct' : 'uses the proxy'}`, () => {
      assert.equal(bypassesProxy(new URL(url), noProxy), expected);
    });
  }
});

describe('request through a proxy', () => {
  let mirror: Mirror;
  let proxy: Proxy;
  const password = `it's a $ecret pass`;
  before(async () => {
    mirror = await startMirror({ files: { 'hello.txt': { body: 'hello' } } });
    proxy = await startProxy({ auth: { username: 'ann', password } });
  });
  after(async () => {
    await proxy.close();
    await mirror.close();
  });

  it('sends requests through the proxy with the decoded Basic credentials', async () => {
    const settings = proxySettings({}, { http_proxy: proxy.urlWithCredentials });
    assert.equal(await fetchText(`${mirror.url}hello.txt`, { proxy: settings, timeoutMs: 5000 }), 'hello');
    assert.equal(proxy.seen.at(-1)!.credentials, `ann:${password}`);
    assert.equal(proxy.seen.at(-1)!.target, `${mirror.url}hello.txt`);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const seen = proxy.seen.length;
    const settings = proxySettings({ noProxy: '127.0.0.1' }, { http_proxy: proxy.urlWithCredentials });
    assert.equal(await fetchText(`${mirror.url}hello.txt`, { proxy: settings, timeoutMs: 5000 }), 'hello');
    assert.equal(proxy.seen.length, seen);
  });

  it('does not read process.env behind the caller’s back', async () => {
    const seen = proxy.seen.length;
    process.env.http_proxy = 'http://127.0.0.1:9';
    try {
      assert.equal(await fetchText(`${mirror.url}hello.txt`, { proxy: {}, timeoutMs: 5000 }), 'hello');
    } finally {
      delete process.env.http_proxy;
    }
    assert.equal(proxy.seen.length, seen);
  });
});
