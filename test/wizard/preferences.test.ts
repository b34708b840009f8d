import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRemembered, remember } from '../../src/wizard/preferences.js';
import { initialState } from '../../src/wizard/machine.js';
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
