// The proxies of every command that reaches the network, against tinyproxy (Basic auth) and serve.py on 127.0.0.1:
// `versions` takes --http-proxy/--https-proxy/--no-proxy (before, "does not apply to versions", exit 2, although
// it reads the index through the environment's proxy); `doctor` refuses them with its reason; the plan's preview
// names every proxy in effect and where it came from (before, "Proxies none" for a download through HTTPS_PROXY).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { buildIndex, describeContent } from '../helpers/mirror.js';
import { freePort, startPythonServer, startTinyproxy } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const GO_ARCH = process.arch === 'arm64' ? 'arm64' : 'amd64';

describe('proxy flags and the preview of the proxies in effect', { timeout: 180_000 }, () => {
  let home: TempHome;
  let server: Awaited<ReturnType<typeof startPythonServer>>;
  let proxy: Awaited<ReturnType<typeof startTinyproxy>>;
  /** Nothing listens there: a request through it fails at once. */
  let deadProxy: string;
  const password = 'pr0xy-s3cret';
  let withCredentials: string;
  let indexUrl: string;

  before(async () => {
    await ensureBuilt();
    home = createTempHome();
    const served = join(home.root, 'served');
    mkdirSync(served);
    const archive = describeContent('not unpacked by these tests');
    writeFileSync(join(served, 'index.json'), JSON.stringify(buildIndex([{ version: 'go1.27.1', files: [{ filename: `go1.27.1.linux-${GO_ARCH}.tar.gz`, ...archive }] }])));
    server = await startPythonServer(served, { keepAlive: true });
    proxy = await startTinyproxy({ user: 'student', password });
    withCredentials = proxy.urlWithCredentials;
    deadProxy = `http://127.0.0.1:${await freePort()}`;
    indexUrl = `${server.url}index.json`;
  });
  after(async () => {
    await server?.close();
    await proxy?.close();
    home?.cleanup();
  });

  test('versions --http-proxy: the index is read through that proxy (tinyproxy logs it), exit 0', async () => {
    const before = proxy.log().split('\n').length;
    const result = await runCli(['versions', '--index-url', indexUrl, '--http-proxy', withCredentials], { env: home.env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /go1\.27\.1/);
    const logged = proxy.log().split('\n').slice(before - 1).join('\n');
    assert.match(logged, new RegExp(`GET ${indexUrl.replace(/[.]/g, '\\.')}`), logged);
  });

  test('versions --http-proxy wins over HTTP_PROXY; --no-proxy sends the index direct past a dead HTTP_PROXY', async () => {
    const flagWins = await runCli(['versions', '--index-url', indexUrl, '--http-proxy', withCredentials], { env: { ...home.env, HTTP_PROXY: deadProxy } });
    assert.equal(flagWins.code, 0, flagWins.stderr);
    const direct = await runCli(['versions', '--index-url', indexUrl, '--no-proxy', '127.0.0.1'], { env: { ...home.env, HTTP_PROXY: deadProxy } });
    assert.equal(direct.code, 0, direct.stderr);
    assert.match(direct.stdout, /go1\.27\.1/);
    const throughDead = await runCli(['versions', '--index-url', indexUrl], { env: { ...home.env, HTTP_PROXY: deadProxy } });
    assert.notEqual(throughDead.code, 0, 'without --no-proxy the dead proxy is used: the flag made the difference');
  });

  test('versions --https-proxy with a bad URL: exit 2 naming the flag', async () => {
    const result = await runCli(['versions', '--https-proxy', 'ftp://proxy:21'], { env: home.env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--https-proxy: "ftp:\/\/proxy:21" is not accepted; expected an http:\/\/, https:\/\/ or socks5\(h\):\/\/ proxy URL/);
  });

  test('a proxy without a scheme means http://, from --http-proxy as from HTTP_PROXY (as in curl): both read the index through tinyproxy', async () => {
    const bare = withCredentials.replace(/^http:\/\//, '');
    assert.ok(!bare.includes('://'));
    for (const [args, env] of [
      [['--http-proxy', bare], {}],
      [[], { HTTP_PROXY: bare }],
    ] as const) {
      const before = proxy.log().split('\n').length;
      const result = await runCli(['versions', '--index-url', indexUrl, ...args], { env: { ...home.env, ...env } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /go1\.27\.1/);
      const logged = proxy.log().split('\n').slice(before - 1).join('\n');
      assert.match(logged, new RegExp(`GET ${indexUrl.replace(/[.]/g, '\\.')}`), logged);
    }
  });

  test('a proxy without a scheme that is still not a URL (no host, bad port) is refused from the flag and the variable alike', async () => {
    for (const bad of ['proxy.corp:port', ':3128']) {
      const flag = await runCli(['versions', '--index-url', indexUrl, '--http-proxy', bad], { env: home.env });
      assert.equal(flag.code, 2, flag.stderr);
      assert.match(flag.stderr, /--http-proxy: ".*" is not accepted; expected an http:\/\/, https:\/\/ or socks5\(h\):\/\/ proxy URL/);
      const variable = await runCli(['versions', '--index-url', indexUrl], { env: { ...home.env, HTTP_PROXY: bad } });
      assert.notEqual(variable.code, 0, variable.stdout);
      assert.match(variable.stderr, /HTTP_PROXY \(in the environment\): "\S+" is not a proxy URL, so it is refused; set it to one \(http:\/\/host:port/);
    }
  });

  test('doctor --https-proxy: exit 2, saying doctor checks through the proxy Go uses (the environment)', async () => {
    const result = await runCli(['doctor', '--https-proxy', withCredentials], { env: home.env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--https-proxy does not apply to doctor: .*the one in the environment/);
    assert.ok(!result.stderr.includes(password));
  });

  const plan = (extra: string[], env: NodeJS.ProcessEnv) =>
    runCli(['plan', '--scope', 'user', '--index-url', indexUrl, '--mirror', server.url, ...extra], { env: { ...home.env, ...env } });

  test('the preview names a proxy from the environment, where it came from, and that the download goes through it (masked)', async () => {
    const result = await plan([], { HTTP_PROXY: withCredentials });
    assert.equal(result.code, 0, result.stderr);
    const port = proxy.port;
    assert.match(result.stdout, new RegExp(`Proxies +http_proxy  http://\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}/?  \\(from HTTP_PROXY in the environment\\)`), result.stdout);
    assert.match(result.stdout, new RegExp(`the archive is downloaded through http://\\*\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(result.stdout, /Proxies +none/);
    assert.ok(!result.stdout.includes('s3cret'), 'the password never shows');
  });

  test('the preview: a flag wins and says so; NO_PROXY matching the mirror means a direct download', async () => {
    const flag = await plan(['--http-proxy', withCredentials], { http_proxy: deadProxy });
    assert.equal(flag.code, 0, flag.stderr);
    assert.match(flag.stdout, /http_proxy  http:\/\/\*\*\*\*@127\.0\.0\.1:\d+\/?  \(from --http-proxy\)/);
    const direct = await plan([], { NO_PROXY: '127.0.0.1', HTTPS_PROXY: deadProxy });
    assert.equal(direct.code, 0, direct.stderr);
    assert.match(direct.stdout, /https_proxy +http:\/\/127\.0\.0\.1:\d+\/?  \(from HTTPS_PROXY in the environment\)/);
    assert.match(direct.stdout, /no_proxy +127\.0\.0\.1  \(from NO_PROXY in the environment\)/);
    assert.match(direct.stdout, /the archive is downloaded directly/);
  });

  test('plan --format json: proxies with their source, downloadProxy, credentials masked', async () => {
    const result = await plan(['--format', 'json'], { https_proxy: deadProxy, HTTP_PROXY: withCredentials });
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { proxies: { setting: string; value: string; source: string; from: string }[]; downloadProxy: string | null };
    assert.deepEqual(
      json.proxies.map((p) => [p.setting, p.source, p.from]),
      [
        ['http_proxy', 'environment', 'HTTP_PROXY'],
        ['https_proxy', 'environment', 'https_proxy'],
      ],
    );
    assert.match(json.downloadProxy!, /^http:\/\/\*\*\*\*@127\.0\.0\.1:\d+\/?$/);
    assert.ok(!result.stdout.includes('s3cret'));
  });

  test('no proxy anywhere: "none"', async () => {
    const result = await plan([], {});
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Proxies +none/);
  });
});
