// What apt offers for Go: parsing `apt-cache policy` (canned text and this machine's real apt-cache, read-only),
// choosing the package, and reading it on a zh_CN desktop, where apt translates its labels.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chooseAptPackage, parseAptPolicy, readAptCandidates } from '../../src/apt/candidates.js';
import { commandQuery } from '../../src/host/query.js';
import { buildPlan } from '../../src/plan/build.js';
import { aptCandidates } from '../../src/wizard/services.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildInput } from '../plan/helpers.js';

const noble = [
  'golang-go:',
  '  Installed: (none)',
  '  Candidate: 2:1.22~2build1',
  '  Version table:',
  '     2:1.22~2build1 500',
  'golang-1.21-go:',
  '  Installed: 1.21.1-1',
  '  Candidate: 1.21.1-1',
  'golang-1.22-go:',
  '  Installed: (none)',
  '  Candidate: 1.22.2-2ubuntu0.1',
  'golang-1.23-go:',
  '  Installed: (none)',
  '  Candidate: (none)',
  '',
].join('\n');

describe('apt-cache policy', () => {
  test('parses candidates newest minor first, skipping packages without one', () => {
    assert.deepEqual(parseAptPolicy(noble), [
      { name: 'golang-go', candidate: '2:1.22~2build1', minor: 22, goVersion: '1.22', installed: false },
      { name: 'golang-1.22-go', candidate: '1.22.2-2ubuntu0.1', minor: 22, goVersion: '1.22', installed: false },
      { name: 'golang-1.21-go', candidate: '1.21.1-1', minor: 21, goVersion: '1.21', installed: true },
    ]);
  });

  test('golang-1.10-go is newer than golang-1.9-go', () => {
    const text = ['golang-1.9-go:', '  Candidate: 1.9.7-1', 'golang-1.10-go:', '  Candidate: 1.10.8-1', ''].join('\n');
    assert.deepEqual(parseAptPolicy(text).map((c) => c.goVersion), ['1.10', '1.9']);
  });

  test('latest → golang-go when it gives the newest minor; 1.NN[.P] → golang-1.NN-go; unknown → null', () => {
    const candidates = parseAptPolicy(noble);
    assert.equal(chooseAptPackage(candidates, 'latest')?.name, 'golang-go');
    assert.equal(chooseAptPackage(candidates.filter((c) => c.name !== 'golang-go'), 'latest')?.name, 'golang-1.22-go');
    assert.equal(chooseAptPackage(candidates, '1.21')?.name, 'golang-1.21-go');
    assert.equal(chooseAptPackage(candidates, '1.22.5')?.name, 'golang-1.22-go');
    assert.equal(chooseAptPackage(candidates, '1.27'), null);
    assert.equal(chooseAptPackage([], 'latest'), null);
  });
});

// zh_CN.UTF-8 is not generated on this machine; a locale directory that names C.utf8 zh_CN.UTF-8 makes glibc
// accept LANG=zh_CN.UTF-8 and gettext pick apt's real Chinese catalog, exactly as on a zh_CN desktop.
const cUtf8 = '/usr/lib/locale/C.utf8';
const aptZh = '/usr/share/locale/zh_CN/LC_MESSAGES/apt.mo';
const noApt = spawnSync('apt-cache', ['--version']).error ? 'apt-cache is not installed' : false;
const noZh = !existsSync(cUtf8) || !existsSync(aptZh) ? "apt's zh_CN catalog or C.utf8 is missing" : false;

describe('apt-cache on a zh_CN desktop (the real apt-cache, read-only)', { skip: noApt || noZh }, () => {
  const locales = mkdtempSync(join(tmpdir(), 'gsw-locale-'));
  symlinkSync(cUtf8, join(locales, 'zh_CN.UTF-8'));
  const zh = { LOCPATH: locales, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' };

  test('the wizard and the plan read the same candidates as in the C locale', async () => {
    try {
      // The control: apt-cache itself answers in Chinese in this environment.
      const home = createTempHome({ env: zh });
      const raw = spawnSync('apt-cache', ['policy', 'golang-go'], { env: home.env, encoding: 'utf8' }).stdout;
      assert.doesNotMatch(raw, /Candidate:/);
      assert.match(raw, /候选/);

      try {
        const inC = await readAptCandidates(commandQuery({ ...home.env, LANG: 'C', LANGUAGE: undefined }));
        assert.ok(inC && inC.length > 0, 'this machine’s apt offers golang-go');
        assert.deepEqual(await aptCandidates(home.env), inC);
        const plan = await buildPlan(buildInput(home, { release: null, options: { method: 'apt', shells: 'none' } }));
        assert.equal(plan.goroot, `/usr/lib/go-1.${inC[0]!.minor}`);
      } finally {
        home.cleanup();
      }
    } finally {
      rmSync(locales, { recursive: true, force: true });
    }
  });
});
