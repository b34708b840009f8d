// A proxy value with a line break, tab or escape — from a flag, an answers file or a variable of the environment — is
// refused with exactly one line that names where it came from, shows the value quoted (the break as \n) with its
// password masked, and changes nothing. Before, `HTTPS_PROXY=$'http://127.0.0.1:3128\nEVIL'` was echoed raw: a
// two-line error whose second line the variable's author chose; NO_PROXY was not checked at all (two-line preview).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli, type CliResult } from '../cli/built-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const password = 'ctl-s3cret';
const homes: TempHome[] = [];
before(ensureBuilt);
after(() => homes.forEach((home) => home.cleanup()));

function home(): TempHome {
  const made = createTempHome({ skel: true });
  homes.push(made);
  return made;
}

function assertOneLineRefusal(result: CliResult, names: RegExp, what: string): void {
  assert.equal(result.code, 2, `${what}: ${result.stdout}${result.stderr}`);
  const message = result.stderr.replace(/\n$/, '');
  assert.ok(!message.includes('\n') && !message.includes('\r'), `${what}: one line, got ${JSON.stringify(result.stderr)}`);
  assert.ok(!/[\0-\x08\x0b-\x1f\x7f]/.test(message), `${what}: no raw control character reaches the terminal`);
  assert.match(message, names, what);
  assert.ok(!message.includes(password), `${what}: the password is masked`);
  assert.equal(result.stdout, '', `${what}: nothing else is printed`);
}

const CONTROLS = ['\nEVIL', '\r\nexport EVIL=1', '\tx', '\x1b]0;pwned\x07'];

describe('a proxy value with a control character', { timeout: 300_000 }, () => {
  test('from the environment: plan, the exports and install refuse it in one line naming the variable, and write nothing', async () => {
    const h = home();
    for (const variable of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'ALL_PROXY', 'all_proxy']) {
      for (const control of CONTROLS) {
        const value = `http://eve:${password}@127.0.0.1:3128${control}`;
        const result = await runCli(['plan', '--scope', 'user'], { env: { ...h.env, [variable]: value } });
        assertOneLineRefusal(result, new RegExp(`^go-setup-wizard: ${variable} \\(in the environment\\): "http://\\*\\*\\*\\*@127\\.0\\.0\\.1:3128\\\\[nrtu].*" holds a control character .* or unset it$`), `${variable} ${JSON.stringify(control)}`);
      }
    }
    const env = { ...h.env, NO_PROXY: 'localhost\nEVIL' };
    for (const args of [['plan', '--scope', 'user'], ['plan', '--scope', 'user', '--format', 'sh'], ['plan', '--scope', 'user', '--format', 'ansible', '--persist-proxy']]) {
      assertOneLineRefusal(await runCli(args, { env }), /^go-setup-wizard: NO_PROXY \(in the environment\): "localhost\\nEVIL" holds a control character/, args.join(' '));
    }
    const install = await runCli(['install', '--yes', '--scope', 'user', '--persist-proxy', '--index-url', 'http://127.0.0.1:9/index.json'], {
      env: { ...h.env, HTTPS_PROXY: `http://eve:${password}@127.0.0.1:3128\nEVIL` },
    });
    assertOneLineRefusal(install, /^go-setup-wizard: HTTPS_PROXY \(in the environment\): /, 'install');
    assert.ok(!existsSync(join(h.configHome, 'go-setup-wizard/env.sh')), 'no env.sh written');
    assert.ok(!existsSync(join(h.home, '.local/go')), 'nothing installed');
  });

  test('from a flag or the answers file: the same one line, exit 2 (no proxy flag or key takes a control character)', async () => {
    const h = home();
    for (const flag of ['--http-proxy', '--https-proxy', '--no-proxy']) {
      for (const control of CONTROLS) {
        const value = `http://eve:${password}@127.0.0.1:3128${control}`;
        const result = await runCli(['plan', '--scope', 'user', flag, value], { env: h.env });
        assertOneLineRefusal(result, new RegExp(`^go-setup-wizard: ${flag}: ".*" is not accepted; expected `), `${flag} ${JSON.stringify(control)}`);
      }
    }
    const answers = join(h.home, 'answers.json');
    for (const key of ['httpProxy', 'httpsProxy', 'noProxy']) {
      writeFileSync(answers, JSON.stringify({ [key]: `http://eve:${password}@127.0.0.1:3128\nEVIL` }));
      const result = await runCli(['plan', '--scope', 'user', '--config', answers], { env: h.env });
      assertOneLineRefusal(result, new RegExp(`^go-setup-wizard: --config .*: ${key}: ".*\\\\nEVIL" is not accepted; expected `), key);
    }
    assert.deepEqual(readdirSync(h.configHome).filter((name) => name === 'go-setup-wizard'), [], 'nothing written');
  });
});
