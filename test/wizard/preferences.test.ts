import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRemembered, remember } from '../../src/wizard/preferences.js';
import { initialState } from '../../src/wizard/machine.js';
import { needsPassword } from '../../src/wizard/validate.js';
import { defaultOptions, fakePaths } from './fakes.js';

function tempPaths() {
  const home = mkdtempSync(join(tmpdir(), 'gsw-prefs-'));
  return { paths: fakePaths(home), cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

test('answers remembered in config.json (mode 0600) come back as the next defaults', () => {
  const { paths, cleanup } = tempPaths();
  try {
    assert.deepEqual(loadRemembered(paths), {}, 'nothing remembered yet');
    const answers = { ...initialState(defaultOptions(), [], {}).answers, goVersion: '1.26', mirror: 'aliyun', shells: ['zsh' as const], httpsProxy: 'http://u:p@proxy:3128/' };
    remember(paths, answers);
    assert.equal(statSync(paths.preferences).mode & 0o777, 0o600);
    const remembered = loadRemembered(paths);
    assert.equal(remembered.goVersion, '1.26');
    assert.deepEqual(remembered.shells, ['zsh']);
    assert.equal(initialState(defaultOptions(), [], remembered).answers.mirror, 'aliyun');
  } finally {
    cleanup();
  }
});

test('a broken or hand-edited preferences file gives no defaults instead of an error', () => {
  const { paths, cleanup } = tempPaths();
  try {
    mkdirSync(paths.configDir, { recursive: true });
    writeFileSync(paths.preferences, '{ not json');
    assert.deepEqual(loadRemembered(paths), {});
    writeFileSync(paths.preferences, JSON.stringify({ answers: { method: 'brew', shells: ['tcsh'], goVersion: 7, scope: 'user' } }));
    assert.deepEqual(loadRemembered(paths), { scope: 'user' });
  } finally {
    cleanup();
  }
});

test('no proxy or GOPROXY password is ever stored in preferences; user and host are kept, and an old file never brings one back', () => {
  const { paths, cleanup } = tempPaths();
  try {
    const answers = {
      ...initialState(defaultOptions(), [], {}).answers,
      httpProxy: 'http://ana:s3cr%40t@proxy.lan:3128/',
      httpsProxy: 'ana:hunter2@proxy.lan:3128',
      goproxy: 'https://bob:tok3n@mods.lan/,direct',
    };
    remember(paths, answers);
    const text = readFileSync(paths.preferences, 'utf8');
    for (const secret of ['s3cr', 'hunter2', 'tok3n']) assert.ok(!text.includes(secret), `${secret} stored: ${text}`);
    const remembered = loadRemembered(paths);
    assert.equal(remembered.httpProxy, 'http://ana@proxy.lan:3128/');
    assert.equal(remembered.httpsProxy, 'ana@proxy.lan:3128');
    assert.equal(remembered.goproxy, 'https://bob@mods.lan/,direct');
    assert.ok(needsPassword(remembered.httpProxy!), 'the wizard asks for the password again');

    writeFileSync(paths.preferences, JSON.stringify({ answers: { httpsProxy: 'socks5://ana:old-pw@127.0.0.1:1080' } }));
    assert.deepEqual(loadRemembered(paths), { httpsProxy: 'socks5://ana@127.0.0.1:1080' });
  } finally {
    cleanup();
  }
});
