// The optional steps beyond Go as the plan shows them: build-essential (an exact apt step, or a warning naming the
// command without root or sudo), environment.d's go.conf, git's http.proxy (masked in the preview, real in the
// export, private when it holds a password) and gopls through the configured GOPROXY.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { CommandQuery } from '../../src/host/query.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderExport, renderPlan } from '../../src/plan/render.js';
import { createTranslator } from '../../src/i18n/index.js';
import type { Detection } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, fakeDetection, shellcheck } from './helpers.js';

const t = createTranslator('en');
const homes: TempHome[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup();
});
function newHome(): TempHome {
  const home = createTempHome();
  homes.push(home);
  return home;
}

/** What `apt-get -s install --no-install-recommends build-essential` prints on a machine without a compiler. */
const SIMULATION = ['Inst gcc-13 (13.2.0-23ubuntu4 Ubuntu:24.04/noble [amd64])', 'Inst gcc (4:13.2.0-7ubuntu1 Ubuntu:24.04/noble [amd64])', 'Inst build-essential (12.10ubuntu1 Ubuntu:24.04/noble [amd64])'].join('\n');
const aptQuery =
  (stdout: string): CommandQuery =>
  async (command) =>
    command === 'apt-get' ? { exitCode: 0, stdout } : { exitCode: 1, stdout: '' };

function noCompiler(home: TempHome, user: Partial<Detection['user']> = {}): Detection {
  const detection = fakeDetection(home.home, { available: ['bash'] });
  return { ...detection, cCompiler: null, user: { ...detection.user, ...user } };
}

test('--build-essential without a C compiler: apt-get update, then an exact apt step listing what apt would add', async () => {
  const home = newHome();
  const plan = await buildPlan(
    buildInput(home, { detection: noCompiler(home, { sudo: 'password' }), query: aptQuery(SIMULATION), options: { buildEssential: true, shells: 'none' } }),
  );
  const ids = plan.steps.map((s) => s.id);
  assert.ok(ids.indexOf('apt-update') >= 0 && ids.indexOf('apt-update') < ids.indexOf('c-compiler'), ids.join(' '));
  const step = plan.steps.find((s) => s.id === 'c-compiler')!;
  assert.deepEqual(step.packages, ['gcc-13', 'gcc', 'build-essential']);
  assert.equal(step.root, true);
  assert.equal(step.aptRecord, `${ids.indexOf('c-compiler')}-apt`);
  assert.match(step.undo, /apt-get remove -y/);
  assert.ok(!plan.warnings.some((w) => w.includes('No C compiler')), plan.warnings.join('\n'));
  assert.match(await renderExport(plan, 'sh', t), /gsw_deb_installed "\$gsw_name"/);
});

test('--build-essential without root or sudo: no step, a warning naming the command; without the flag: the advice', async () => {
  const home = newHome();
  const plan = await buildPlan(buildInput(home, { detection: noCompiler(home), query: aptQuery(SIMULATION), options: { buildEssential: true, shells: 'none' } }));
  assert.ok(!plan.steps.some((s) => s.packages?.length || s.id === 'apt-update'));
  assert.ok(plan.warnings.some((w) => w.includes('`sudo apt install build-essential`') && w.includes('neither root nor sudo')), plan.warnings.join('\n'));
  const advice = await buildPlan(buildInput(home, { detection: noCompiler(home, { sudo: 'passwordless' }), query: aptQuery(SIMULATION), options: { shells: 'none' } }));
  assert.ok(!advice.steps.some((s) => s.id === 'c-compiler'));
  assert.ok(advice.warnings.some((w) => w.includes('--build-essential')), advice.warnings.join('\n'));
  const withGcc = await buildPlan(buildInput(home, { detection: { ...noCompiler(home, { sudo: 'passwordless' }), cCompiler: '/usr/bin/gcc' }, options: { buildEssential: true, shells: 'none' } }));
  assert.ok(!withGcc.steps.some((s) => s.id === 'c-compiler'));
});

test('--session-env: environment.d/go.conf puts the new Go and GOPATH/bin first on PATH, no GOROOT; a second plan changes nothing', async () => {
  const home = newHome();
  const plan = await buildPlan(buildInput(home, { options: { sessionEnv: true, shells: 'none', gopath: join(home.home, 'work/go') } }));
  const step = plan.steps.find((s) => s.id === 'session-env')!;
  const file = join(home.configHome, 'environment.d/go.conf');
  assert.deepEqual(step.touches.map((touch) => touch.path), [file]);
  assert.match(step.diff!, new RegExp(`\\+PATH=${join(home.home, '.local/go/bin')}:${join(home.home, 'work/go/bin')}:\\$\\{PATH\\}`));
  assert.match(step.diff!, new RegExp(`\\+GOPATH=${join(home.home, 'work/go')}`));
  assert.doesNotMatch(step.diff!, /GOROOT/);
  assert.equal(shellcheck(step.run), '');
  assert.match(step.undo, /rm -rf -- .*environment\.d\/go\.conf/);
  assert.match(step.undo, /rmdir -- .*environment\.d/);
  // Run the step's own bash, then plan again: nothing left to do for go.conf.
  const { execFileSync } = await import('node:child_process');
  execFileSync('bash', ['-c', `set -euo pipefail\n${step.run}`]);
  const again = await buildPlan(buildInput(home, { options: { sessionEnv: true, shells: 'none', gopath: join(home.home, 'work/go') } }));
  assert.ok(!again.steps.some((s) => s.id === 'session-env'));
  await assert.rejects(buildPlan(buildInput(home, { options: { sessionEnv: true, shells: 'none', gopath: join(home.home, 'my go') } })), /cannot be written into environment\.d/);
});

test('--git-proxy: a block in ~/.gitconfig, the password masked in the preview and kept in the export; 0600 first', async () => {
  const home = newHome();
  writeFileSync(join(home.home, '.gitconfig'), '[user]\n\tname = Student\n');
  const proxy = 'http://bob:s3cr%3Bet@127.0.0.1:3128/';
  const plan = await buildPlan(buildInput(home, { options: { gitProxy: true, httpsProxy: proxy, shells: 'none' } }));
  const step = plan.steps.find((s) => s.id === 'git-proxy')!;
  assert.equal(step.touches[0]!.path, join(home.home, '.gitconfig'));
  assert.match(step.run, /chmod 600 -- /);
  assert.ok(step.run.indexOf('chmod 600') < step.run.indexOf('proxy = '));
  const shown = renderPlan(plan, 'text', t);
  assert.doesNotMatch(shown, /s3cr/);
  assert.match(shown, /proxy = "http:\/\/\*\*\*\*@127\.0\.0\.1:3128\/"/);
  const exported = await renderExport(plan, 'sh', t);
  assert.match(exported, /proxy = "http:\/\/bob:s3cr%3Bet@127\.0\.0\.1:3128\/"/);
  assert.equal(shellcheck(step.run), '');

  // Only the XDG git config: git config --global writes there, and so does the step.
  const xdgOnly = newHome();
  mkdirSync(join(xdgOnly.configHome, 'git'));
  writeFileSync(join(xdgOnly.configHome, 'git/config'), '[core]\n\teditor = nano\n');
  const xdgPlan = await buildPlan(buildInput(xdgOnly, { options: { gitProxy: true, httpProxy: 'http://127.0.0.1:3128', shells: 'none' } }));
  const xdgStep = xdgPlan.steps.find((s) => s.id === 'git-proxy')!;
  assert.equal(xdgStep.touches[0]!.path, join(xdgOnly.configHome, 'git/config'));
  assert.doesNotMatch(xdgStep.run, /chmod 600/);

  await assert.rejects(buildPlan(buildInput(newHome(), { options: { gitProxy: true, shells: 'none' } })), /--git-proxy needs a proxy/);
});

test('--gopls: go install with the new Go, scratch caches, the GOPROXY this run writes (not the environment), binary journaled', async () => {
  const home = newHome();
  const plan = await buildPlan(buildInput(home, { options: { gopls: true, goproxy: 'goproxy.cn', shells: 'none' } }));
  const ids = plan.steps.map((s) => s.id);
  assert.ok(ids.indexOf('go-env') < ids.indexOf('gopls') && ids.indexOf('gopls') < ids.indexOf('verify'), ids.join(' '));
  const step = plan.steps.find((s) => s.id === 'gopls')!;
  assert.deepEqual(step.touches.map((touch) => touch.path), [join(home.home, 'go/bin/gopls')]);
  assert.match(step.run, /-u GOPROXY /);
  assert.match(step.run, new RegExp(`${join(home.home, '.local/go/bin/go')} install golang\\.org/x/tools/gopls@latest`));
  assert.match(step.run, /rm -rf -- "\$gsw_scratch"/);
  assert.match(step.undo, /rm -rf -- .*go\/bin\/gopls/);
  assert.equal(shellcheck(step.run), '');
});

test('the Ansible export refuses the optional steps it has no tasks for, naming each flag; the sh export carries them', async () => {
  const home = newHome();
  const plan = await buildPlan(buildInput(home, { options: { sessionEnv: true, gopls: true, shells: 'none' } }));
  await assert.rejects(renderExport(plan, 'ansible', t), (error: Error & { exitCode?: number }) => {
    assert.equal(error.exitCode, 2);
    assert.match(error.message, /no tasks for --session-env, --gopls/);
    return true;
  });
  const sh = await renderExport(plan, 'sh', t);
  assert.match(sh, /environment\.d/);
  assert.match(sh, /gopls@latest/);
  const plain = await buildPlan(buildInput(home, { options: { shells: 'none' } }));
  assert.match(await renderExport(plain, 'ansible', t), /^---$/m);
});
