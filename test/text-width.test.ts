// The fast paths of src/text-width.ts (one-column and two-column characters that stand alone) must agree with
// string-width for every character they cover, and leave emoji, zero-width and combining characters to string-width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { allMessages, loadLang } from '../src/i18n/index.js';
import { ONE_COLUMN, TWO_COLUMN, padEndWidth, textWidth, wrapToWidth } from '../src/text-width.js';

await loadLang('zh');

test('every character the fast path takes is one column for string-width too', () => {
  let covered = 0;
  for (let code = 0x20; code <= 0x2fff; code++) {
    const char = String.fromCodePoint(code);
    if (!ONE_COLUMN.test(char)) continue;
    covered++;
    assert.equal(stringWidth(char), 1, `U+${code.toString(16).padStart(4, '0')} ${char}`);
  }
  assert.ok(covered > 900, `only ${covered} characters covered`);
});

test('every character the two-column fast path takes is two columns for string-width too', () => {
  let covered = 0;
  for (let code = 0x2000; code <= 0xffff; code++) {
    const char = String.fromCodePoint(code);
    if (!TWO_COLUMN.test(char)) continue;
    covered++;
    assert.equal(stringWidth(char), 2, `U+${code.toString(16)} ${char}`);
  }
  assert.ok(covered > 27000, `only ${covered} characters covered`);
  for (const emojiOrMark of ['\u3030', '\u303d', '\u302a', '\u3099', '\u1100']) assert.equal(TWO_COLUMN.test(emojiOrMark), false, emojiOrMark);
});

test('every message of the catalog, in both languages, measures as string-width measures it', () => {
  for (const lang of ['en', 'zh'] as const) {
    for (const [key, text] of Object.entries(allMessages(lang))) {
      for (const line of text.split('\n')) assert.equal(textWidth(line), stringWidth(line), `${lang} ${key}: ${line}`);
    }
  }
});

test('wide, zero-width and combining text goes to string-width', () => {
  assert.equal(textWidth('系统'), 4);
  assert.equal(textWidth('Cafe\u0301'), 4);
  assert.equal(textWidth('a\u00adb'), stringWidth('a\u00adb'));
  assert.equal(textWidth('x\u200by'), stringWidth('x\u200by'));
  assert.equal(textWidth('✓ done — ok → next…'), 19);
  assert.equal(padEndWidth('处理器', 8), '处理器  ');
  assert.deepEqual(wrapToWidth('ab处理', 4), ['ab处', '理']);
  assert.equal(textWidth('版本：1.27（最新）'), 18);
  assert.equal(textWidth('系统 👍🏽'), stringWidth('系统 👍🏽'));
  assert.equal(textWidth('ok 〽'), stringWidth('ok 〽'));
  assert.equal(textWidth('\u1100\u1161'), stringWidth('\u1100\u1161'));
});
