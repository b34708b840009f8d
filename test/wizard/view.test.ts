// Pure view helpers of the wizard: what reaches the screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answers } from '../../src/wizard/machine.js';
import { httpChoice } from '../../src/wizard/view.js';
import { installOptions } from '../plan/helpers.js';

const answers = (proxies: Partial<Answers>): Answers => ({ ...installOptions(), ...proxies });

test('the proxy choice shown on screen never holds the password', () => {
  const shown = httpChoice(answers({ httpsProxy: 'http://ann:s3cr%40t@proxy.corp:3128/' }));
  assert.equal(shown, 'http://ann@proxy.corp:3128/');
  assert.equal(httpChoice(answers({ httpProxy: 'socks5://proxy.corp:1080' })), 'socks5://proxy.corp:1080');
  assert.equal(httpChoice(answers({})), 'env');
});
