// Each language's messages are a chunk of the bundle of their own: an English run never reads the Chinese table, a
// Chinese run gets Chinese text. Run on the built bundle with the Chinese chunk removed: whatever an English run
// loads, it must not be there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderHelp } from '../../src/cli/help.js';
import { allMessages, createTranslator, loadLang } from '../../src/i18n/index.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { bundle, ensureBuilt, root } from '../cli/built-cli.js';

await loadLang('zh');

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** A chunk's text with esbuild's \uXXXX escapes read back, so that it can be searched for a message. */
const chunkText = (file: string) => readFileSync(file, 'utf8').replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('one chunk per language in the bundle', () => {
  let temp: TempHome;
  let withoutChinese: string;
  let chineseChunks: string[];

  before(async () => {
    await ensureBuilt();
    temp = createTempHome();
    const chunks = join(dirname(bundle), 'chunks');
    chineseChunks = readdirSync(chunks).filter((name) => chunkText(join(chunks, name)).includes(allMessages('zh')['cli.tagline']!));
    withoutChinese = mkdtempSync(join(tmpdir(), 'gsw-no-zh-'));
    cpSync(dirname(bundle), withoutChinese, { recursive: true });
    for (const name of chineseChunks) rmSync(join(withoutChinese, 'chunks', name));
  });
  after(() => {
    temp.cleanup();
    rmSync(withoutChinese, { recursive: true, force: true });
  });

  const run = (dist: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(dist, 'go-setup-wizard.cjs'), ...args], { env: { ...temp.env, LANG: 'C.UTF-8', ...env }, encoding: 'utf8', timeout: 30_000 });

  it('keeps the Chinese messages in one chunk, without the English ones', () => {
    assert.equal(chineseChunks.length, 1, `chunks holding the Chinese tagline: ${chineseChunks.join(', ')}`);
    const text = chunkText(join(dirname(bundle), 'chunks', chineseChunks[0]!));
    assert.ok(!text.includes(allMessages('en')['cli.tagline']!), 'the Chinese chunk holds English messages');
  });

  it('prints help, the version and usage errors in English without reading the Chinese chunk', async () => {
    const en = createTranslator('en');
    const cases: [string[], string][] = [
      [['--help'], await renderHelp(en, version)],
      [['-h'], await renderHelp(en, version)],
      [['install', '--help'], await renderHelp(en, version, 'install')],
      [['rollback', '-h'], await renderHelp(en, version, 'rollback')],
      [['--version'], `${version}\n`],
    ];
    for (const [args, expected] of cases) {
      const result = run(withoutChinese, args);
      assert.equal(result.stderr, '', args.join(' '));
      assert.equal(result.stdout, expected, args.join(' '));
      assert.equal(result.status, 0, args.join(' '));
    }
    const typo = run(withoutChinese, ['help']);
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /^go-setup-wizard: unknown command "help"/);
  });

  it('prints them in Chinese from LANG or --lang, which needs the Chinese chunk', async () => {
    const zh = createTranslator('zh');
    const dist = dirname(bundle);
    assert.equal(run(dist, ['--help'], { LANG: 'zh_CN.UTF-8' }).stdout, await renderHelp(zh, version));
    assert.equal(run(dist, ['plan', '-h', '--lang', 'zh']).stdout, await renderHelp(zh, version, 'plan'));
    const typo = run(dist, ['help'], { LANG: 'zh_CN.UTF-8' });
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /^go-setup-wizard: 未知命令 "help"/);

    const missing = run(withoutChinese, ['--help'], { LANG: 'zh_CN.UTF-8' });
    assert.notEqual(missing.status, 0, 'a Chinese run must read the chunk that was removed');
  });
});
