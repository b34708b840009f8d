// Proxy settings (flags over environment) and proxyFetch through a real loopback forward proxy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { proxyFetch, proxySettings } from '../../src/net/proxy.js';
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

  it('refuses a malformed proxy with one line that hides the password', () => {
    assert.throws(
      () => proxySettings({}, { HTTPS_PROXY: 'socks5://bob:s3cr3t@proxy:1080' }),
      (e: Error) => e instanceof UserError && e.message === 'HTTPS_PROXY: socks5://****@proxy:1080 is not a proxy URL (expected http://host:port or https://host:port)',
    );
    assert.throws(() => proxySettings({ httpProxy: 'http://bob:s3cr3t@' }, {}), (e: Error) => !e.message.includes('s3cr3t') && /--http-proxy/.test(e.message));
  });
});

describe('proxyFetch', () => {
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
    const response = await proxyFetch(`${mirror.url}hello.txt`, { proxy: settings, timeoutMs: 5000 });
    assert.equal(await response.text(), 'hello');
    assert.equal(proxy.seen.at(-1)!.credentials, `ann:${password}`);
    assert.equal(proxy.seen.at(-1)!.target, `127.0.0.1:${new URL(mirror.url).port}`);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const seen = proxy.seen.length;
    const settings = proxySettings({ noProxy: '127.0.0.1' }, { http_proxy: proxy.urlWithCredentials });
    const response = await proxyFetch(`${mirror.url}hello.txt`, { proxy: settings, timeoutMs: 5000 });
    assert.equal(await response.text(), 'hello');
    assert.equal(proxy.seen.length, seen);
  });

  it('does not read process.env behind the caller’s back', async () => {
    const seen = proxy.seen.length;
    process.env.http_proxy = 'http://127.0.0.1:9';
    try {
      // Fresh timeouts build a fresh dispatcher, so nothing cached hides a read of the environment.
      const response = await proxyFetch(`${mirror.url}hello.txt`, { proxy: {}, timeoutMs: 5000, timeouts: { connectTimeoutMs: 1234 } });
      assert.equal(await response.text(), 'hello');
    } finally {
      delete process.env.http_proxy;
    }
    assert.equal(proxy.seen.length, seen);
  });
});
