// An authenticated HTTP proxy (tinyproxy with BasicAuth) that refuses the request: the error names the proxy,
// not only the URL behind it — before, a missing password read "http://mirror/index.json answered HTTP 407",
// as if the mirror wanted one. tinyproxy answers 407 without credentials and 401 to wrong ones.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { download } from '../../src/net/download.js';
import { buildIndex } from '../helpers/mirror.js';
import { startPythonHttpServer, startTinyproxy } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

describe('a proxy that refuses the request', { timeout: 120_000 }, () => {
  let home: TempHome;
  let server: Awaited<ReturnType<typeof startPythonHttpServer>>;
  let proxy: Awaited<ReturnType<typeof startTinyproxy>>;
  const password = 'pr0xy-s3cret';

  before(async () => {
    await ensureBuilt();
    home = createTempHome();
    const served = join(home.root, 'served');
    mkdirSync(served);
    writeFileSync(join(served, 'go.tar.gz'), 'not a real archive');
    writeFileSync(join(served, 'index.json'), JSON.stringify(buildIndex([{ version: 'go1.27.1', files: [{ filename: 'go1.27.1.linux-amd64.tar.gz', sha256: 'a'.repeat(64), size: 1 }] }])));
    server = await startPythonHttpServer(served);
    proxy = await startTinyproxy({ user: 'student', password });
  });
  after(async () => {
    await server?.close();
    await proxy?.close();
    home?.cleanup();
  });

  const versions = (httpProxy: string) => runCli(['versions', '--index-url', `${server.url}index.json`], { env: { ...home.env, HTTP_PROXY: httpProxy } });

  test('without credentials (407): names the proxy and where the user and password go; exit 2', async () => {
    const result = await versions(proxy.url);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`the proxy ${proxy.url.replace(/[.]/g, '\\.')}/? asked for credentials \\(HTTP 407\\)`));
    assert.match(result.stderr, /as user:password@ before its host/);
  });

  test('with a wrong password (tinyproxy: 401): says it came through the proxy, password masked; exit 2', async () => {
    const result = await versions(`http://student:wrong-${password}@127.0.0.1:${proxy.port}`);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /answered HTTP 401 \(through the proxy http:\/\/\*\*\*\*@127\.0\.0\.1:\d+/);
    assert.ok(!result.stderr.includes(password), result.stderr);
  });

  test('the archive download, too, names the proxy that wants credentials (not "the mirror answered 407")', async () => {
    await assert.rejects(
      download({ url: `${server.url}go.tar.gz`, sha256: 'a'.repeat(64), dest: join(home.root, 'go.tar.gz'), proxy: { httpProxy: proxy.url }, retries: 0 }),
      (error: Error) => {
        assert.match(error.message, /asked for credentials \(HTTP 407\)/);
        return true;
      },
    );
  });

  test('with the right credentials the index is read through the proxy', async () => {
    const result = await versions(proxy.urlWithCredentials);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /go1\.27\.1/);
    assert.match(proxy.log(), new RegExp(`GET ${server.url.replace(/[.]/g, '\\.')}index\\.json`));
  });
});
