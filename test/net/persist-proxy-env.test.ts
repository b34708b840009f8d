// --persist-proxy persists the proxy in effect, from a flag or else from the environment. Before, a proxy set only in
// HTTPS_PROXY/HTTP_PROXY was used for the download but env.sh got nothing. A REAL install into a temp HOME (loopback
// mirror, GOPROXY=off) through an authenticating proxy given only by the environment: env.sh and env.fish hold it at
// mode 0600, a login bash gets it, the preview masks the password; the exported script carries it with its notice.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, startProxy, type Mirror, type Proxy } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

let fixture: GoFixture;
let mirror: Mirror;
let proxy: Proxy;
const password = 'env-pr0xy-s3cret';
const homes: TempHome[] = [];
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
  mirror = await startFixtureMirror(fixture);
  proxy = await startProxy({ auth: { username: 'eve', password } });
});
after(async () => {
  await mirror?.close();
  await proxy?.close();
  for (const home of homes) home.cleanup();
});

function loginBash(env: NodeJS.ProcessEnv, script: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('bash', ['-lc', script], { env, timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))),
  );
}

describe('--persist-proxy with a proxy from the environment only', { timeout: 600_000 }, () => {
  const source = () => ['--scope', 'user', '--shells', 'bash,fish', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`];

  test('install: env.sh and env.fish hold the proxy at 0600, a login bash gets it, the preview masks the password', async () => {
    const home = createTempHome({ skel: true });
    homes.push(home);
    const env = { ...home.env, https_proxy: proxy.urlWithCredentials, HTTP_PROXY: proxy.urlWithCredentials };
    const result = await runCli(['install', '--yes', ...source(), '--persist-proxy'], { env, timeoutMs: 300_000 });
    assert.equal(result.code, 0, (result.stdout + result.stderr).slice(-3000));
    assert.ok(proxy.seen.some((s) => s.credentials === `eve:${password}` && s.allowed), 'the download went through the environment’s proxy');
    assert.ok(!(result.stdout + result.stderr).includes(password), 'the preview and progress mask the password');

    const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
    const text = readFileSync(envSh, 'utf8');
    for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) assert.match(text, new RegExp(`^export ${name}=`, 'm'), text);
    for (const file of [envSh, join(home.configHome, 'go-setup-wizard/env.fish')]) {
      assert.ok(readFileSync(file, 'utf8').includes(`eve:${password}@`), `${file} holds the proxy`);
      assert.equal(statSync(file).mode & 0o777, 0o600, `${file} is private`);
    }
    // A new login shell, started without the proxy variables, gets them from the profile → env.sh.
    const shown = await loginBash(home.env, 'printf "%s\\n%s\\n" "$https_proxy" "$HTTP_PROXY"');
    assert.equal(shown, `${proxy.urlWithCredentials}\n${proxy.urlWithCredentials}\n`);
  });

  test('without --persist-proxy the environment’s proxy is used but not written', async () => {
    const home = createTempHome({ skel: true });
    homes.push(home);
    const env = { ...home.env, HTTPS_PROXY: proxy.urlWithCredentials };
    const result = await runCli(['plan', '--format', 'json', ...source()], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /export https_proxy=/);
    const persisted = await runCli(['plan', '--format', 'json', ...source(), '--persist-proxy'], { env });
    assert.equal(persisted.code, 0, persisted.stderr);
    assert.match(persisted.stdout, /export https_proxy=/);
    assert.ok(!persisted.stdout.includes(password), 'the json plan masks the password');
  });

  test('plan text and the exported script agree with the install: the script writes the proxy 0600 and says it holds a secret', async () => {
    const home = createTempHome({ skel: true });
    homes.push(home);
    const env = { ...home.env, HTTPS_PROXY: proxy.urlWithCredentials, ALL_PROXY: 'socks5h://127.0.0.1:7890', NO_PROXY: 'corp.example,127.0.0.1' };
    const text = await runCli(['plan', ...source(), '--persist-proxy'], { env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /https_proxy\s+http:\/\/\*\*\*\*@127\.0\.0\.1:\d+\s+\(from HTTPS_PROXY in the environment\)/, 'the preview still names the variable');
    assert.match(text.stdout, /\+export https_proxy='?http:\/\/\*\*\*\*@127\.0\.0\.1/, 'env.sh diff, masked');
    assert.match(text.stdout, /\+export all_proxy='?socks5h:\/\/127\.0\.0\.1:7890/, 'ALL_PROXY is carried as all_proxy');
    assert.match(text.stdout, /\+export ALL_PROXY='?socks5h:\/\/127\.0\.0\.1:7890/);
    assert.doesNotMatch(text.stdout, /\+export (http_proxy|HTTP_PROXY)=/, 'never under another name');
    assert.match(text.stdout, /\+export no_proxy='?corp\.example,127\.0\.0\.1/);
    assert.ok(!text.stdout.includes(password));

    const script = await runCli(['plan', '--format', 'sh', ...source(), '--persist-proxy'], { env });
    assert.equal(script.code, 0, script.stderr);
    assert.match(script.stdout, /^# SECRET: this file holds a proxy password\. .*env\.sh and env\.fish, with mode 0600/m);
    assert.ok(script.stdout.includes(`eve:${password}@`), 'the script carries the real value to write');
    assert.match(script.stdout, /gsw_same_file .*env\.sh.* 600/);
  });
});
