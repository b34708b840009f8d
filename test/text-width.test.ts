// The one-column fast path of src/text-width.ts must agree with string-width for every character it covers, and
// leave wide, zero-width and combining characters to string-width.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { ONE_COLUMN, padEndWidth, textWidth, wrapToWidth } from '../src/text-width.js';

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

test('wide, zero-width and combining text goes to string-width', () => {
  assert.equal(textWidth('系统'), 4);
  assert.equal(textWidth('Cafe\u0301'), 4);
  assert.equal(textWidth('a\u00adb'), stringWidth('a\u00adb'));
  assert.equal(textWidth('x\u200by'), stringWidth('x\u200by'));
  assert.equal(textWidth('✓ done — ok → next…'), 19);
  assert.equal(padEndWidth('处理器', 8), '处理器  ');
  assert.deepEqual(wrapToWidth('ab处理', 4), ['ab处', '理']);
});
