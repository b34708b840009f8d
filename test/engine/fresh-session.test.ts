// The native proof, the exported script's proof and doctor's fresh shells start from one fresh-session environment
// (src/shell/fresh-session.ts): the same variables, with the same values, whichever of them runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runInFreshShell } from '../../src/doctor/fresh-shell.js';
import { proofShellEnv } from '../../src/engine/verify.js';
import { hostFromParts, type CommandRunner } from '../../src/host/host.js';
import { buildPlan } from '../../src/plan/build.js';
import { RUNTIME_VARIABLES } from '../../src/plan/portable.js';
import { renderPlan } from '../../src/plan/render.js';
import { FRESH_SESSION_PATH } from '../../src/shell/fresh-session.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput, fakeDetection } from '../plan/helpers.js';

// Every session variable set (ZDOTDIR too), plus variables of this process that a fresh session must not inherit.
const home = createTempHome({ env: { GOPATH: '/tmp/gopath-of-this-process', http_proxy: 'http://127.0.0.1:9' } });
home.env.ZDOTDIR = join(home.home, '.zsh');
after(home.cleanup);

/** The words after `env -i` in a proof line, as bash splits them (runtime variables set to `<NAME>`). */
function envWords(script: string, runtime: Record<string, string> = {}): Record<string, string> {
  const line = script.split('\n').find((text) => text.includes('setsid -w env -i'));
  assert.ok(line, 'a proof line with env -i');
  const words = /env -i (.*?) "\$@"/.exec(line)![1]!;
  const result = spawnSync('bash', ['-c', `printf '%s\\n' ${words}`], { env: runtime, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return Object.fromEntries(result.stdout.trimEnd().split('\n').map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
}

test('the native proof and the plan’s proof script give each shell the same environment', async () => {
  const plan = await buildPlan(buildInput(home, { options: { shells: ['bash', 'zsh'] } }));
  const native = proofShellEnv(plan, home.env);
  const script = envWords(plan.steps.find((step) => step.id === 'verify')!.run);
  assert.deepEqual(script, native);
  assert.equal(native.PATH, FRESH_SESSION_PATH);
  assert.equal(native.ZDOTDIR, home.env.ZDOTDIR);
  assert.equal(native.HOME, home.home);
  assert.equal(native.GOPATH, undefined);
  assert.equal(native.http_proxy, undefined);
});

test('the exported script’s proof sets the same variables, each from the host it runs on', async () => {
  const plan = await buildPlan(buildInput(home, { options: { shells: ['bash'] } }));
  const runtime = Object.fromEntries(Object.values(RUNTIME_VARIABLES).map((name) => [name, `<${name}>`]));
  const exported = envWords(renderPlan(plan, 'sh', buildInput(home).t), runtime);
  const native = proofShellEnv(plan, home.env);
  assert.deepEqual(Object.keys(exported).sort(), Object.keys(native).sort());
  assert.equal(exported.HOME, '<GSW_HOME>');
  assert.equal(exported.LOGNAME, '<GSW_USER>');
  assert.equal(exported.ZDOTDIR, '<GSW_ZDOTDIR>');
  assert.equal(exported.PATH, native.PATH);
});

test('doctor’s fresh shells start from the same environment as the proof', async () => {
  let seen: NodeJS.ProcessEnv | undefined;
  const runner: CommandRunner = async (_file, _args, options) => {
    seen = options.env;
    return { code: 0, stdout: '', stderr: '', timedOut: false };
  };
  const user = { name: String(home.env.USER), uid: 1000, home: home.home, shell: '/bin/bash' };
  const host = hostFromParts({ sysroot: '/', liveSystem: true, env: home.env, cwd: home.home, user, systemRoot: '/', fileRoot: '/', runner });
  const detection = { ...fakeDetection(home.home), user: { ...fakeDetection(home.home).user, name: String(home.env.USER) } };
  await runInFreshShell({ host, detection, timeoutMs: 1000 }, 'bash', 'login', 'env');
  const plan = await buildPlan(buildInput(home, { options: { shells: ['bash'] } }));
  assert.deepEqual(seen, proofShellEnv(plan, home.env));
});
