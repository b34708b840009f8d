// What the exports carry of the proxies this machine's environment gives, checked by running the exported script for
// real (temp HOME, loopback mirror, a real authenticating HTTP proxy) and sourcing what it wrote with real bash, zsh
// and fish, then asking real curl and git which proxy they take from it.
//  - ALL_PROXY with --persist-proxy stays all_proxy/ALL_PROXY (it was written as http_proxy/https_proxy: then Go,
//    which does not read ALL_PROXY, and curl would go through a proxy the user never gave them).
//  - --git-proxy with the proxy only in the environment: the export writes the same http.proxy the wizard would
//    (before, its blank-machine plan found no proxy and silently left the step out), 0600, with the SECRET notice.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture } from '../helpers/go-fixture.js';
import { startFixtureMirror, startProxy, type Mirror, type Proxy } from '../helpers/mirror.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { shellcheck } from './helpers.js';

let mirror: Mirror;
let proxy: Proxy;
const password = 'all-pr0xy-s3cret';
const homes: TempHome[] = [];
before(async () => {
  await ensureBuilt();
  mirror = await startFixtureMirror(await goFixture());
  proxy = await startProxy({ auth: { username: 'eve', password } });
});
after(async () => {
  await mirror?.close();
  await proxy?.close();
  for (const home of homes) home.cleanup();
});

function home(): TempHome {
  const made = createTempHome({ skel: true });
  homes.push(made);
  return made;
}

/** Runs a command asynchronously (the loopback mirror and proxy live in this process). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const PROXY_NAMES = ['http_proxy', 'https_proxy', 'all_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'];

/** The proxy variables a fresh shell has after sourcing the file the install wrote, one `name=value` per line. */
function sourced(h: TempHome, shell: 'bash' | 'zsh' | 'fish'): string {
  const dir = join(h.configHome, 'go-setup-wizard');
  const print = PROXY_NAMES.map((name) => (shell === 'fish' ? `printf '%s=%s\\n' ${name} "$${name}"` : `printf '%s=%s\\n' ${name} "$${name}"`)).join('; ');
  const script = shell === 'fish' ? `source ${dir}/env.fish; ${print}` : `. ${dir}/env.sh; ${print}`;
  const args = shell === 'zsh' ? ['-f', '-c', script] : shell === 'fish' ? ['--no-config', '-c', script] : ['--norc', '--noprofile', '-c', script];
  const result = spawnSync(shell, args, { env: { HOME: h.home, PATH: '/usr/bin:/bin', TERM: 'dumb' }, encoding: 'utf8' });
  assert.equal(result.status, 0, `${shell}: ${result.stderr}`);
  return result.stdout;
}

describe('proxies from the environment in the exported script', { timeout: 900_000 }, () => {
  test('ALL_PROXY + --persist-proxy + --git-proxy: the script writes all_proxy/ALL_PROXY and git’s http.proxy, as the wizard would', async () => {
    const h = home();
    const allProxy = proxy.urlWithCredentials;
    const env = { ...h.env, ALL_PROXY: allProxy };
    const args = ['--scope', 'user', '--shells', 'bash,zsh,fish', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, '--persist-proxy', '--git-proxy'];

    const text = await runCli(['plan', ...args], { env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\+export all_proxy='?http:\/\/\*\*\*\*@127\.0\.0\.1:\d+/, 'env.sh diff: all_proxy, masked');
    assert.match(text.stdout, /\+set -gx ALL_PROXY '?http:\/\/\*\*\*\*@127\.0\.0\.1:\d+/, 'env.fish diff: ALL_PROXY, masked');
    assert.doesNotMatch(text.stdout, /\+(export|set -gx) (https?_proxy|HTTPS?_PROXY)\b/, 'ALL_PROXY is never written under another name');
    assert.match(text.stdout, /proxy = "http:\/\/\*\*\*\*@127\.0\.0\.1:\d+\/?"/, 'the git block, masked');
    assert.match(text.stdout, /Go does not — go get and module downloads go direct/, 'the preview says Go ignores ALL_PROXY');
    assert.ok(!text.stdout.includes(password), 'the preview masks the password');

    const exported = await runCli(['plan', '--format', 'sh', ...args], { env });
    assert.equal(exported.code, 0, exported.stderr);
    const script = exported.stdout;
    assert.match(script, /^# SECRET: this file holds a proxy password\. .* into env\.sh and env\.fish and git's global config \(http\.proxy\), with mode 0600\.$/m);
    assert.equal(shellcheck(script), '', 'shellcheck');

    // The script runs on a machine whose environment has no proxy: what it writes comes from this plan.
    const file = join(h.root, 'plan.sh');
    writeFileSync(file, script, { mode: 0o700 });
    const ran = await run('bash', [file], h.env);
    assert.equal(ran.code, 0, ran.output.slice(-3000));
    assert.ok(proxy.seen.some((s) => s.target.endsWith('.tar.gz') && s.credentials === `eve:${password}` && s.allowed), `its download went through ALL_PROXY: ${JSON.stringify(proxy.seen)}`);

    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      assert.equal(sourced(h, shell), PROXY_NAMES.map((name) => `${name}=${/^all_proxy$/i.test(name) ? allProxy : ''}`).join('\n') + '\n', shell);
    }
    for (const name of ['env.sh', 'env.fish']) assert.equal(statSync(join(h.configHome, 'go-setup-wizard', name)).mode & 0o777, 0o600, name);

    // Real curl and git, in a shell that sourced env.sh, go through the proxy it names.
    const envSh = join(h.configHome, 'go-setup-wizard/env.sh');
    const gitEnv = { HOME: h.home, XDG_CONFIG_HOME: h.configHome, PATH: '/usr/bin:/bin', GIT_TERMINAL_PROMPT: '0' };
    const before = proxy.seen.length;
    await run('bash', ['--norc', '-c', `. ${envSh}; curl -sS -o /dev/null ${mirror.url}index.json`], gitEnv);
    assert.ok(proxy.seen.slice(before).some((s) => s.target === `${mirror.url}index.json` && s.allowed), 'curl reads all_proxy');

    // git's http.proxy: the same value, in a 0600 ~/.gitconfig; git sends its requests through it with the credentials.
    const value = spawnSync('git', ['config', '--global', '--get', 'http.proxy'], { env: gitEnv, encoding: 'utf8' });
    assert.equal(value.stdout.trim().replace(/\/$/, ''), allProxy.replace(/\/$/, ''));
    assert.equal(statSync(join(h.home, '.gitconfig')).mode & 0o777, 0o600);
    const gitBefore = proxy.seen.length;
    await run('git', ['ls-remote', `${mirror.url}module.git`], gitEnv);
    assert.ok(proxy.seen.slice(gitBefore).some((s) => s.target.startsWith(`${mirror.url}module.git`) && s.credentials === `eve:${password}`), JSON.stringify(proxy.seen.slice(gitBefore)));
    assert.ok(!readFileSync(join(h.home, '.profile'), 'utf8').includes(password), 'the password is in no profile');
  });

  test('--git-proxy with HTTPS_PROXY only in the environment, no --persist-proxy: the export writes git’s http.proxy, says so, masks it in the preview', async () => {
    const h = home();
    const env = { ...h.env, HTTPS_PROXY: proxy.urlWithCredentials };
    const args = ['--scope', 'user', '--shells', 'bash', '--mirror', mirror.url, '--index-url', `${mirror.url}index.json`, '--git-proxy'];
    const exported = await runCli(['plan', '--format', 'sh', ...args], { env });
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^# SECRET: this file holds a proxy password\. .* only into git's global config \(http\.proxy\), with mode 0600\.$/m);
    assert.ok(exported.stdout.includes(`proxy = "${proxy.urlWithCredentials.replace(/\/?$/, '')}`), 'the export carries the git block with the real value');
    assert.doesNotMatch(exported.stdout, /^export (https?_proxy|HTTPS?_PROXY)=/m, 'not persisted, so not baked into the script’s own downloads');
    const preview = await runCli(['plan', ...args], { env });
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout, /proxy = "http:\/\/\*\*\*\*@127\.0\.0\.1:\d+/);
    assert.ok(!preview.stdout.includes(password));
    // The playbook has no git task: it refuses rather than silently leave it out.
    const playbook = await runCli(['plan', '--format', 'ansible', ...args], { env });
    assert.equal(playbook.code, 2, playbook.stdout);
    assert.match(playbook.stderr, /--git-proxy/);
  });
});
