// --help measures its columns without string-width (flag names and catalog text need no Unicode segmentation): run on
// the built bundle with string-width's chunk removed, it still prints the whole help, in English and in Chinese.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderHelp } from '../../src/cli/help.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { bundle, ensureBuilt, root } from './built-cli.js';

await loadLang('zh');

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('--help without string-width', () => {
  let temp: TempHome;
  let dist: string;
  let removed: string[];

  before(async () => {
    await ensureBuilt();
    temp = createTempHome();
    dist = mkdtempSync(join(tmpdir(), 'gsw-no-string-width-'));
    cpSync(dirname(bundle), dist, { recursive: true });
    // string-width's chunk: the one that builds its Intl.Segmenter (scripts/build.mjs makes that lazy), and the
    // one-file commands that hold their own copy (install, detect).
    removed = readdirSync(join(dist, 'chunks')).filter((name) => readFileSync(join(dist, 'chunks', name), 'utf8').includes('new Intl.Segmenter'));
    for (const name of removed) rmSync(join(dist, 'chunks', name));
  });
  after(() => {
    temp.cleanup();
    rmSync(dist, { recursive: true, force: true });
  });

  const run = (args: string[], lang: string) =>
    spawnSync(process.execPath, [join(dist, 'go-setup-wizard.cjs'), ...args], { env: { ...temp.env, LANG: lang }, encoding: 'utf8', timeout: 30_000 });

  it('prints the overview and a command’s help in both languages', async () => {
    const shared = removed.filter((name) => name.endsWith('.mjs'));
    assert.equal(shared.length, 1, `chunks building an Intl.Segmenter: ${removed.join(', ')}`);
    for (const [lang, locale] of [['en', 'C.UTF-8'], ['zh', 'zh_CN.UTF-8']] as const) {
      const t = createTranslator(lang);
      for (const [args, expected] of [
        [['--help'], await renderHelp(t, version)],
        [['share', '-h'], await renderHelp(t, version, 'share')],
      ] as const) {
        const result = run([...args], locale);
        assert.equal(result.stderr, '', `${lang} ${args.join(' ')}`);
        assert.equal(result.stdout, expected, `${lang} ${args.join(' ')}`);
      }
    }
    // The files removed are string-width's indeed: detect's text measures with it.
    const detect = run(['detect'], 'C.UTF-8');
    assert.notEqual(detect.status, 0);
    assert.ok(removed.some((name) => detect.stderr.includes(name)), detect.stderr);
  });
});
