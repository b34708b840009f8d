import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandName } from '../../src/invocation.js';
import { createTempHome } from '../helpers/temp-home.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('hints name the command as the user started it: npx, installed, npm start, or from a checkout', () => {
  const node = '/usr/bin/node';
  // npx go-setup-wizard (npm 10: npm exec) runs the bin from npx's cache.
  assert.equal(commandName({ env: { npm_command: 'exec', npm_lifecycle_event: 'npx' }, argv: [node, '/root/.npm/_npx/1a2b/node_modules/.bin/go-setup-wizard'], cwd: '/home/ada' }), 'npx go-setup-wizard');
  // npm install -g: the bin link on PATH.
  assert.equal(commandName({ env: {}, argv: [node, '/usr/local/bin/go-setup-wizard'], cwd: '/home/ada' }), 'go-setup-wizard');
  assert.equal(commandName({ env: {}, argv: [node, '/usr/local/lib/node_modules/go-setup-wizard/dist/go-setup-wizard.cjs'], cwd: '/tmp' }), 'go-setup-wizard');
  // The checkout's start script: `npm start -- rollback` reaches the same entry.
  const npmStart = { npm_lifecycle_event: 'start', npm_command: 'start', npm_package_name: 'go-setup-wizard' };
  assert.equal(commandName({ env: npmStart, argv: [node, '/home/ada/src/gsw/dist/go-setup-wizard.cjs'], cwd: '/home/ada/src/gsw' }), 'npm start --');
  // Another package's start script that happens to run this tool is not `npm start` of ours.
  assert.equal(commandName({ env: { ...npmStart, npm_package_name: 'classroom' }, argv: [node, '/srv/classroom/node_modules/.bin/go-setup-wizard'], cwd: '/srv/classroom' }), 'go-setup-wizard');
  // A checkout: node dist/go-setup-wizard.cjs, relative to where the user is when that is shorter.
  assert.equal(commandName({ env: {}, argv: [node, '/home/ada/src/gsw/dist/go-setup-wizard.cjs'], cwd: '/home/ada/src/gsw' }), 'node dist/go-setup-wizard.cjs');
  assert.equal(commandName({ env: {}, argv: [node, '/home/ada/src/gsw/dist/go-setup-wizard.cjs'], cwd: '/tmp' }), 'node /home/ada/src/gsw/dist/go-setup-wizard.cjs');
});

const home = createTempHome();
after(() => home.cleanup());

/** The built CLI run from the checkout the way a person would: `node dist/go-setup-wizard.cjs ARGS` in its root. */
function fromCheckout(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ['dist/go-setup-wizard.cjs', ...args], { cwd: root, env: { ...home.env, ...env }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  return { code: run.status, stderr: run.stderr };
}

test('from a checkout, the CLI hints name `node dist/go-setup-wizard.cjs …` or `npm start -- …`, never a command that is not there', { timeout: 120_000 }, () => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const noTerminal = fromCheckout([]);
  assert.equal(noTerminal.code, 2);
  assert.match(noTerminal.stderr, /run: node dist\/go-setup-wizard\.cjs install --yes/);

  const unknownRun = fromCheckout(['rollback', '--run', 'no-such-run', '--yes']);
  assert.equal(unknownRun.code, 2, unknownRun.stderr);
  assert.match(unknownRun.stderr, /see node dist\/go-setup-wizard\.cjs rollback --list/);

  const started = fromCheckout(['rollback', '--run', 'no-such-run', '--yes'], { npm_lifecycle_event: 'start', npm_package_name: 'go-setup-wizard' });
  assert.match(started.stderr, /see npm start -- rollback --list/);
  const zh = fromCheckout(['rollback', '--run', 'no-such-run', '--yes', '--lang', 'zh']);
  assert.match(zh.stderr, /见 node dist\/go-setup-wizard\.cjs rollback --list/);
});
