// env.sh and env.fish as real shells see them: sourced any number of times from sh (dash), bash, zsh and fish,
// the new Go and $GOPATH/bin come first and appear once; persisted proxy credentials survive quoting, sit in
// 0600 files and never show in the plan's text or JSON.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createTranslator } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { envFishContent, envShContent, type EnvSettings } from '../../src/shell/profiles.js';
import { renderPlan } from '../../src/plan/render.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput, shellcheck } from './helpers.js';

const settings: EnvSettings = {
  goroot: '/opt/my go',
  gopath: "/home/u/it's go",
  exportGopath: true,
  pathDirs: ['/opt/my go/bin', "/home/u/it's go/bin"],
  proxies: [],
};
const startPath = `/usr/bin:/opt/my go/bin:/bin:/home/u/it's go/bin:/usr/local/bin`;
const expectedPath = `/opt/my go/bin:/home/u/it's go/bin:/usr/bin:/bin:/usr/local/bin`;

function run(shell: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(shell, args, { env: { HOME: '/nonexistent', PATH: startPath, ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, `${shell}: ${result.stderr}`);
  return result.stdout;
}

describe('env.sh', () => {
  const file = join(createTempHome().root, 'env.sh');
  test('passes shellcheck as POSIX sh', () => {
    assert.equal(shellcheck(envShContent(settings), 'sh'), '');
  });

  for (const shell of ['sh', 'dash', 'bash', 'zsh']) {
    test(`${shell}: sourced three times → Go first, once; GOPATH exported; no GOROOT`, () => {
      writeFileSync(file, envShContent(settings));
      const out = run(shell, ['-c', `. '${file}'; . '${file}'; . '${file}'; printf '%s\\n%s\\n%s\\n' "$PATH" "$GOPATH" "\${GOROOT-unset}"`]);
      assert.equal(out, `${expectedPath}\n/home/u/it's go\nunset\n`);
    });
  }

  test('an empty PATH gets just the Go directories', () => {
    writeFileSync(file, envShContent(settings));
    const out = run('bash', ['-c', `PATH=; . '${file}'; printf '%s' "$PATH"`]);
    assert.equal(out, `/opt/my go/bin:/home/u/it's go/bin`);
  });
});

describe('env.fish', () => {
  test('sourced twice from fish → Go first, once; global (not universal) variables', async () => {
    const home = createTempHome();
    try {
      const file = join(home.root, 'env.fish');
      writeFileSync(file, envFishContent(settings));
      const out = run('fish', ['--no-config', '-c', `source '${file}'; source '${file}'; string join : $PATH; echo $GOPATH; set -U | string match -q '*PATH*'; and echo universal; or echo global`], {
        HOME: home.home,
        XDG_CONFIG_HOME: home.configHome,
        XDG_DATA_HOME: home.dataHome,
      });
      assert.equal(out, `${expectedPath}\n/home/u/it's go\nglobal\n`);
    } finally {
      home.cleanup();
    }
  });
});

describe('--persist-proxy', () => {
  // $, ' and a space (percent-encoded, as a URL carries it) in the password.
  const proxy = "http://gsw-user:pa$s'w%20rd@127.0.0.1:3128";

  test("env-files writes the proxy into 0600 files, quoted so that sh, bash, zsh and fish read it back exactly; the plan's text and JSON show ****", async () => {
    const home = createTempHome();
    try {
      const plan = await buildPlan(buildInput(home, { options: { persistProxy: true, httpsProxy: proxy, httpProxy: proxy, noProxy: 'localhost,.corp', shells: 'none' } }));
      const envFiles = plan.steps.find((s) => s.id === 'env-files')!;
      const result = spawnSync('bash', ['-c', `set -euo pipefail\n${envFiles.run}`], { env: home.env, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const envSh = join(home.configHome, 'go-setup-wizard/env.sh');
      const envFish = join(home.configHome, 'go-setup-wizard/env.fish');
      assert.equal(statSync(envSh).mode & 0o777, 0o600);
      assert.equal(statSync(envFish).mode & 0o777, 0o600);
      assert.equal(shellcheck(readFileSync(envSh, 'utf8'), 'sh'), '');
      for (const shell of ['sh', 'bash', 'zsh']) {
        assert.equal(run(shell, ['-c', `. '${envSh}'; printf '%s|%s|%s' "$https_proxy" "$HTTP_PROXY" "$no_proxy"`]), `${proxy}|${proxy}|localhost,.corp`);
      }
      assert.equal(run('fish', ['--no-config', '-c', `source '${envSh.replace('.sh', '.fish')}'; printf '%s|%s' $https_proxy $NO_PROXY`], { HOME: home.home, XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome }), `${proxy}|localhost,.corp`);

      const t = createTranslator('en');
      for (const format of ['text', 'json', 'sh'] as const) {
        const out = renderPlan(plan, format, t);
        assert.ok(!out.includes('pa$s'), `${format} leaks the password`);
        assert.ok(!out.includes('gsw-user'), `${format} leaks the user`);
        assert.match(out, /\*\*\*\*@127\.0\.0\.1:3128/, format);
      }
      assert.equal(plan.options.httpsProxy, 'http://****@127.0.0.1:3128');
    } finally {
      home.cleanup();
    }
  });
});
