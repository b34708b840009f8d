// The built CLI on good input: --version, --help in both languages, per-command help, --save-config.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { ensureBuilt, root, runCli } from './built-cli.js';

describe('the built CLI', () => {
  let temp: TempHome;

  before(async () => {
    await ensureBuilt();
    temp = createTempHome();
  });
  after(() => temp.cleanup());

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      assert.deepEqual(await runCli([flag], { env: temp.env }), { code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('prints the grouped help with examples, in English or Chinese', async () => {
    const en = await runCli(['--help'], { env: temp.env });
    assert.equal(en.code, 0);
    assert.equal(en.stderr, '');
    for (const heading of ['Commands:', 'Install options', 'Output:', 'Other:', 'Examples:']) assert.ok(en.stdout.includes(heading), heading);
    assert.ok(en.stdout.includes('install --yes --config classroom.json'));

    const zh = await runCli(['-h'], { env: { ...temp.env, LANG: 'zh_CN.UTF-8' } });
    assert.equal(zh.code, 0);
    for (const heading of ['命令：', '安装选项', '输出：', '其他：', '示例：']) assert.ok(zh.stdout.includes(heading), heading);
    const forced = await runCli(['--help', '--lang', 'en'], { env: { ...temp.env, LANG: 'zh_CN.UTF-8' } });
    assert.equal(forced.stdout, en.stdout);
  });

  it("shows one command's flags with <command> --help", async () => {
    const rollback = await runCli(['rollback', '--help'], { env: temp.env });
    assert.equal(rollback.code, 0);
    assert.match(rollback.stdout, /^Usage: go-setup-wizard rollback/);
    const flags = new Set([...rollback.stdout.matchAll(/--([a-z-]+)/g)].map((m) => m[1]));
    assert.deepEqual(flags, new Set(['yes', 'list', 'run', 'json', 'force-unlock', 'lang', 'help', 'version']));
  });

  it('writes --save-config after validation, private when it holds a proxy password', async () => {
    const path = join(temp.root, 'classroom.json');
    const proxy = "http://ann:pa$ 'ss@127.0.0.1:9/";
    // Port 9 refuses connections at once; the plan itself is not under test here, only the answers file.
    const result = await runCli(
      ['plan', '--scope', 'user', '--go-version', '1.27', '--http-proxy', proxy, '--index-url', 'http://127.0.0.1:9/dl/', '--save-config', path],
      { env: temp.env, timeoutMs: 60_000 },
    );
    assert.ok(result.stderr.includes(`Answers saved to ${path}`), JSON.stringify(result));
    assert.ok(!result.stderr.includes('pa$') && !result.stdout.includes('pa$'), 'the password leaked');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
      goVersion: '1.27',
      scope: 'user',
      indexUrl: 'http://127.0.0.1:9/dl/',
      httpProxy: "http://ann:pa$%20'ss@127.0.0.1:9/",
    });
  });
});
