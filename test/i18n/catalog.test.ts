// The message catalog: every area's en and zh have the same keys and the same {placeholders},
// no key is defined by two areas (one would silently replace the other), and no message is empty.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTranslator, detectLang, loadLang } from '../../src/i18n/index.js';
import { catalogs } from '../../src/i18n/messages/index.js';

await loadLang('zh');

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('message catalog', () => {
  it('has identical key sets in en and zh for every area', () => {
    for (const [index, area] of catalogs.entries()) {
      const en = Object.keys(area.en).sort();
      const zh = Object.keys(area.zh).sort();
      assert.deepEqual(
        { onlyEn: en.filter((k) => !(k in area.zh)), onlyZh: zh.filter((k) => !(k in area.en)) },
        { onlyEn: [], onlyZh: [] },
        `area #${index} (${en[0] ?? zh[0] ?? 'empty'})`,
      );
    }
  });

  it('has the same placeholders in both languages for every key', () => {
    for (const area of catalogs) {
      for (const [key, text] of Object.entries(area.en)) {
        assert.deepEqual(placeholders(area.zh[key] ?? ''), placeholders(text), key);
      }
    }
  });

  it('defines each key in one area only, with a non-empty text', () => {
    const seen = new Map<string, number>();
    for (const [index, area] of catalogs.entries()) {
      for (const lang of ['en', 'zh'] as const) {
        for (const [key, text] of Object.entries(area[lang])) {
          assert.ok(text.trim() !== '', `${lang} ${key} is empty`);
          if (lang === 'en') {
            assert.ok(!seen.has(key) || seen.get(key) === index, `${key} is defined in areas #${seen.get(key)} and #${index}`);
            seen.set(key, index);
          }
        }
      }
    }
  });

  it('translates with placeholders filled and chooses the language from the environment', () => {
    const zh = createTranslator('zh');
    assert.equal(zh('cli.saved', { path: '/tmp/a.json' }), '应答已保存到 /tmp/a.json');
    assert.equal(createTranslator('en')('cli.saved', { path: '/x' }), 'Answers saved to /x');
    assert.equal(detectLang({ LANG: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(detectLang({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(detectLang({ LANG: 'zh_CN.UTF-8' }, 'en'), 'en');
    assert.equal(detectLang({}), 'en');
  });
});

describe('hints that name a command', () => {
  it('name it the way the user started the tool ({tool}), except in the exported script, which cannot know', () => {
    const command = /(?:go-setup-wizard |`)(?:rollback|prune|doctor|detect|versions|install|use|plan)\b/g;
    for (const area of catalogs) {
      for (const lang of ['en', 'zh'] as const) {
        for (const [key, text] of Object.entries(area[lang])) {
          // --help names the commands it lists; the exported script runs where the tool's invocation is unknown.
          if (key.startsWith('exports.sh.') || key.startsWith('cli.flag.') || key.startsWith('cli.help')) continue;
          for (const match of text.matchAll(command)) {
            const before = text.slice(0, match.index);
            assert.ok(before.endsWith('{tool} ') || before.endsWith('`{tool} '), `${lang} ${key}: "${text}"`);
          }
        }
      }
    }
  });
});
