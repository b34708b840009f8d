// A GOPROXY holding a token (https://user:tok@proxy.example/) through the REAL CLI in a temp HOME: it never shows in
// clear in `plan --format text|json`, `install` (text and --json), `detect`, `doctor`, the `rollback` preview and
// summary, or the wizard's preview tabs; every file of the run that holds it (Go's env file, the journal's copies) is
// readable by its owner only, and the journal itself holds it masked.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTranslator } from '../../src/i18n/index.js';
import { appPaths } from '../../src/paths.js';
import { preparePlan } from '../../src/plan/prepare.js';
import { renderPlan, renderRollbackScript } from '../../src/plan/render.js';
import { previewTabs } from '../../src/wizard/view.js';
import type { InstallOptions } from '../../src/types.js';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { goFixture, type GoFixture } from '../helpers/go-fixture.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const TOKEN = 's3cr3tTok9';
const GOPROXY = `https://alice:${TOKEN}@proxy.example/`;
const homes: TempHome[] = [];
let fixture: GoFixture;
before(async () => {
  await ensureBuilt();
  fixture = await goFixture();
});
after(() => {
  for (const home of homes) home.cleanup();
});

/** Every regular file under `dir`, with its mode. */
function files(dir: string): { path: string; mode: number }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, mode: statSync(path).mode & 0o777 }));
}

describe('a GOPROXY holding a token', { timeout: 600_000 }, () => {
  test('is masked in every output and the journal; the files that must hold it are 0600', async () => {
    const home = createTempHome({ skel: true });
    homes.push(home);
    const args = ['--scope', 'user', '--shells', 'bash', '--archive', fixture.tarball, '--sha256', fixture.sha256, '--go-version', '1.19.8', '--goproxy', GOPROXY];
    const outputs: [string, string][] = [];
    const run = async (label: string, argv: string[], env = home.env) => {
      const result = await runCli(argv, { env, timeoutMs: 300_000 });
      outputs.push([label, result.stdout + result.stderr]);
      return result;
    };
    await run('plan text', ['plan', ...args, '--format', 'text']);
    await run('plan json', ['plan', ...args, '--format', 'json']);
    const installed = await run('install', ['install', '--yes', ...args]);
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    await run('install --json (up to date)', ['install', '--yes', '--json', ...args]);
    await run('detect', ['detect'], { ...home.env, GOPROXY });
    await run('detect --json', ['detect', '--json'], { ...home.env, GOPROXY });
    await run('doctor', ['doctor']);
    await run('doctor --json', ['doctor', '--json']);
    await run('rollback preview', ['rollback']);
    for (const [label, text] of outputs) assert.ok(!text.includes(TOKEN), `${label} shows the token:\n${text}`);
    assert.ok(outputs.find(([label]) => label === 'plan text')![1].includes('****'), 'the plan shows it masked');

    // Go's env file holds it (Go must read it) and is private; so is every copy the run keeps for rollback.
    const goEnv = join(home.configHome, 'go/env');
    assert.match(readFileSync(goEnv, 'utf8'), new RegExp(TOKEN));
    assert.equal(statSync(goEnv).mode & 0o777, 0o600);
    const runFiles = files(appPaths(home.env).stateDir);
    const holding = runFiles.filter(({ path }) => readFileSync(path).includes(TOKEN));
    assert.ok(holding.length > 0, 'the copy of go/env kept for rollback holds it');
    for (const { path, mode } of holding) assert.equal(mode, 0o600, `${path} is ${mode.toString(8)}`);
    for (const { path } of runFiles.filter(({ path }) => path.endsWith('journal.ndjson'))) {
      assert.ok(!readFileSync(path, 'utf8').includes(TOKEN), `${path} holds the token`);
    }

    const rolled = await run('rollback', ['rollback', '--yes']);
    assert.equal(rolled.code, 0, rolled.stdout + rolled.stderr);
    assert.ok(!rolled.stdout.includes(TOKEN) && !rolled.stderr.includes(TOKEN), rolled.stdout);
  });

  test("the wizard's preview tabs (summary, script, rollback, diffs) show it masked", async () => {
    const home = createTempHome({ skel: true });
    homes.push(home);
    const t = createTranslator('en');
    const options: InstallOptions = {
      method: 'tarball',
      goVersion: '1.19.8',
      mirror: 'official',
      goproxy: GOPROXY,
      persistProxy: false,
      shells: ['bash'],
      sysroot: '/',
      scope: 'user',
      archive: fixture.tarball,
      sha256: fixture.sha256,
    };
    const plan = await preparePlan({ options, env: home.env, paths: appPaths(home.env), t });
    assert.ok(plan.steps.some((step) => step.id === 'go-env'));
    const tabs = previewTabs(plan, { renderPlan, renderRollbackScript }, t);
    assert.equal(tabs.status, 'ready');
    if (tabs.status !== 'ready') return;
    for (const tab of tabs.value) assert.ok(!tab.text.includes(TOKEN), `${tab.label} shows the token`);
  });
});
