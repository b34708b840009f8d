// Startup-file lines that would override the install, written the way Go guides write them: the plan lists them,
// comments them out in journaled steps (real bash, zsh and fish then stop seeing them), rollback restores each file
// byte for byte; with --conflicts keep nothing is touched and the plan warns.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { readStartupEnvironment, startupPlaces } from '../../src/detect/startup-env.js';
import { executePlan } from '../../src/engine/executor.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { createHost } from '../../src/host/host.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlan } from '../../src/plan/render.js';
import { createTranslator } from '../../src/i18n/index.js';
import type { Plan } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { assertSameTree, describeTree } from '../helpers/tree-hash.js';
import { writeFile } from '../fixtures/trees.js';
import { buildInput, fakeDetection, shellcheck } from './helpers.js';

const homes: TempHome[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.cleanup();
});

const BASHRC_GUIDE = [
  '',
  '# Golang (from the install guide)',
  'export GOROOT=/usr/local/go',
  'export GOPATH=$HOME/go',
  'export PATH=$GOPATH/bin:$GOROOT/bin:$PATH',
  'export GOPROXY=https://proxy.golang.org,direct',
  'export GO111MODULE=on',
  '',
].join('\n');

/** Ubuntu's skel files plus what the guides add to them. */
function guideHome(): TempHome {
  const home = createTempHome({ skel: true, shell: '/bin/bash' });
  homes.push(home);
  appendFileSync(join(home.home, '.bashrc'), BASHRC_GUIDE);
  appendFileSync(join(home.home, '.profile'), '\nexport PATH=$PATH:/usr/local/go/bin\n');
  writeFile(home.home, '.zshrc', 'if [[ -d /usr/local/go/bin ]]; then\n  export PATH=/usr/local/go/bin:$PATH\nfi\nexport GOPROXY=https://goproxy.io,direct\n');
  writeFile(home.configHome, 'fish/config.fish', 'set -gx GOPROXY https://proxy.golang.org,direct\nfish_add_path -g /usr/local/go/bin\n');
  return home;
}

async function planFor(home: TempHome, options: Parameters<typeof buildInput>[1] extends infer O ? (O extends { options?: infer P } ? P : never) : never): Promise<Plan> {
  const host = createHost({ env: home.env });
  // Only this test's files: the machine's own /etc files are not part of the fixture.
  const startupEnv = (await readStartupEnvironment(host, startupPlaces(home.env, home.home))).filter((s) => s.file.startsWith(home.root));
  const detection = { ...fakeDetection(home.home, { available: ['bash', 'zsh', 'fish'] }), startupEnv };
  return buildPlan(buildInput(home, { detection, options }));
}

/** What a new terminal of each kind sees (clean environment, real startup files). */
function freshShell(home: TempHome, shell: string, flags: string[], script: string): string {
  const env = { HOME: home.home, USER: home.env.USER, TERM: 'dumb', PATH: '/usr/bin:/bin', XDG_CONFIG_HOME: home.configHome, XDG_DATA_HOME: home.dataHome };
  const result = spawnSync('setsid', ['-w', shell, ...flags, script], { env, encoding: 'utf8', timeout: 20_000 });
  return result.stdout.trim().split('\n').at(-1) ?? '';
}

test('comment: one previewed, journaled step per file, before the profile edits; new shells stop seeing the lines; rollback restores bytes', async () => {
  const home = guideHome();
  // The proof-like fresh shells below are the test's own: fish creates its data dir on a first start.
  const exclude = (p: string) => p === 'xdg-state' || p === 'xdg-cache' || p === 'xdg-data/fish';
  const before = describeTree(home.root, { exclude });
  const plan = await planFor(home, { goproxy: 'goproxy.cn', shells: ['bash', 'zsh', 'fish'] });
  const bashrc = join(home.home, '.bashrc');
  const ids = plan.steps.map((s) => s.id);
  for (const id of ['comment-out-profile', 'comment-out-bashrc', 'comment-out-zshrc', 'comment-out-config-fish']) {
    assert.ok(ids.includes(id), `${id} in ${ids.join(' ')}`);
    assert.ok(ids.indexOf(id) < ids.indexOf('profile-bashrc'), `${id} before the profile edits`);
  }
  // Every conflict is listed with what it overrides; GOPATH=$HOME/go and GO111MODULE=on are not conflicts.
  const listed = plan.conflicts!.filter((c) => c.file === bashrc).map((c) => `${c.line} ${c.variable} ${c.action}`);
  const base = readFileSync('/etc/skel/.bashrc', 'utf8').split('\n').length;
  assert.deepEqual(listed, [`${base + 2} GOROOT comment`, `${base + 4} PATH comment`, `${base + 5} GOPROXY comment`]);
  const text = renderPlan(plan, 'text', createTranslator('en'));
  assert.match(text, /Startup-file lines that override this setup:/);
  assert.ok(text.includes('export GOPROXY=https://proxy.golang.org,direct'), text);
  assert.ok(text.includes('GOPROXY=https://goproxy.cn,direct'));
  const step = plan.steps.find((s) => s.id === 'comment-out-bashrc')!;
  assert.match(step.diff!, /^\+# go-setup-wizard: commented out, overrides GOPROXY=https:\/\/goproxy\.cn,direct$/m);
  assert.match(step.diff!, /^\+# export GOROOT=\/usr\/local\/go$/m);
  assert.equal(shellcheck(step.run), '');

  // Run the file-changing steps for real (the go-env step needs the Go the full install places).
  const changing = { ...plan, steps: plan.steps.filter((s) => /^(comment-out-|profile-|env-files)/.test(s.id)) };
  const result = await executePlan(changing, { env: home.env, proxy: {}, onEvent: () => {} });
  assert.equal(result.exitCode, 0);
  const after = readFileSync(bashrc, 'utf8');
  assert.match(after, /^# go-setup-wizard: commented out, overrides GOPROXY=https:\/\/goproxy\.cn,direct\n# export GOPROXY=https:\/\/proxy\.golang\.org,direct$/m);
  assert.match(after, /^export GOPATH=\$HOME\/go$/m, 'a line that agrees with the plan stays');
  for (const [shell, check] of [
    ['bash', '-n'],
    ['zsh', '-n'],
  ] as const) {
    const file = shell === 'bash' ? bashrc : join(home.home, '.zshrc');
    assert.equal(spawnSync(shell, [check, file]).status, 0, `${file} still parses`);
  }
  assert.match(readFileSync(join(home.home, '.zshrc'), 'utf8'), /^: # go-setup-wizard: commented out, overrides the new Go/m, 'the if body keeps a command');
  assert.equal(spawnSync('fish', ['-n', join(home.configHome, 'fish/config.fish')]).status, 0);
  assert.equal(freshShell(home, 'bash', ['-ic'], 'echo "[$GOPROXY][$GOROOT]"'), '[][]');
  assert.equal(freshShell(home, 'bash', ['-lc'], 'echo "[$PATH]"').includes('/usr/local/go/bin'), false);
  assert.equal(freshShell(home, 'zsh', ['-ic'], 'echo "[$GOPROXY]"'), '[]');
  assert.equal(freshShell(home, 'fish', ['-c'], 'echo "[$GOPROXY]"'), '[]');

  assert.deepEqual(await rollbackRun({ paths: plan.paths, onEvent: () => {} }), { exitCode: 0 });
  assertSameTree(before, describeTree(home.root, { exclude }), 'HOME after rollback');
});

test('a second plan after commenting out has no conflicts left (the commented lines are not read again)', async () => {
  const home = guideHome();
  const plan = await planFor(home, { goproxy: 'goproxy.cn', shells: ['bash'] });
  const steps = plan.steps.filter((s) => s.id.startsWith('comment-out-'));
  const result = await executePlan({ ...plan, steps }, { env: home.env, proxy: {}, onEvent: () => {} });
  assert.equal(result.exitCode, 0);
  const again = await planFor(home, { goproxy: 'goproxy.cn', shells: ['bash'] });
  assert.deepEqual(again.conflicts, []);
  assert.equal(again.steps.filter((s) => s.id.startsWith('comment-out-')).length, 0);
});

test('keep: no step touches the files; each kept line is a warning saying what it overrides', async () => {
  const home = guideHome();
  const plan = await planFor(home, { goproxy: 'goproxy.cn', shells: ['bash'], conflicts: 'keep' });
  assert.equal(plan.steps.filter((s) => s.id.startsWith('comment-out-')).length, 0);
  assert.ok(plan.conflicts!.length >= 5);
  assert.ok(plan.conflicts!.every((c) => c.action === 'keep'));
  const warning = plan.warnings.find((w) => w.includes('export GOPROXY=https://proxy.golang.org,direct'));
  assert.ok(warning, plan.warnings.join('\n'));
  assert.match(warning!, /overrides GOPROXY=https:\/\/goproxy\.cn,direct/);
});

test('a line that changed after the plan was made is not edited: the step fails and says which line', async () => {
  const home = guideHome();
  const plan = await planFor(home, { goproxy: 'goproxy.cn', shells: ['bash'] });
  const bashrc = join(home.home, '.bashrc');
  writeFileSync(bashrc, readFileSync(bashrc, 'utf8').replace('proxy.golang.org', 'goproxy.io'));
  const edited = readFileSync(bashrc, 'utf8');
  const events: string[] = [];
  const result = await executePlan(
    { ...plan, steps: plan.steps.filter((s) => s.id === 'comment-out-bashrc') },
    { env: home.env, proxy: {}, onEvent: (e) => e.type === 'log' && events.push(e.line) },
  );
  assert.equal(result.exitCode, 1);
  assert.ok(events.some((line) => /\.bashrc:\d+ changed since the plan was made/.test(line)), events.join('\n'));
  assert.equal(readFileSync(bashrc, 'utf8'), edited);
});
