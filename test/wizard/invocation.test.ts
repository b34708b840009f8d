import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandName } from '../../src/invocation.js';

test('hints name the command as the user started it: npx, installed, or from a checkout', () => {
  const node = '/usr/bin/node';
  // npx go-setup-wizard (npm 10: npm exec) runs the bin from npx's cache.
  assert.equal(commandName({ env: { npm_command: 'exec', npm_lifecycle_event: 'npx' }, argv: [node, '/root/.npm/_npx/1a2b/node_modules/.bin/go-setup-wizard'], cwd: '/home/ada' }), 'npx go-setup-wizard');
  // npm install -g: the bin link on PATH.
  assert.equal(commandName({ env: {}, argv: [node, '/usr/local/bin/go-setup-wizard'], cwd: '/home/ada' }), 'go-setup-wizard');
  assert.equal(commandName({ env: {}, argv: [node, '/usr/local/lib/node_modules/go-setup-wizard/dist/go-setup-wizard.cjs'], cwd: '/tmp' }), 'go-setup-wizard');
  // A checkout: node dist/go-setup-wizard.cjs, relative to where the user is when that is shorter.
  assert.equal(commandName({ env: {}, argv: [node, '/home/ada/src/gsw/dist/go-setup-wizard.cjs'], cwd: '/home/ada/src/gsw' }), 'node dist/go-setup-wizard.cjs');
  assert.equal(commandName({ env: {}, argv: [node, '/home/ada/src/gsw/dist/go-setup-wizard.cjs'], cwd: '/tmp' }), 'node /home/ada/src/gsw/dist/go-setup-wizard.cjs');
});
