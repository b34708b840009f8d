// The detect report's label column is measured in terminal columns (src/text-width.ts), whatever the script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSections } from '../../src/detect/render.js';
import { textWidth } from '../../src/text-width.js';

test('values start in one column after wide, combining and plain labels alike', () => {
  const labels = ['架构', 'Cafe\u0301', 'OS', '用户级安装'];
  const text = renderSections([{ title: 'T', rows: labels.map((label): [string, string] => [label, 'VALUE']) }]);
  const columns = text
    .split('\n')
    .filter((line) => line.endsWith('VALUE'))
    .map((line) => textWidth(line.slice(0, line.indexOf('VALUE'))));
  assert.equal(columns.length, labels.length);
  assert.deepEqual(new Set(columns), new Set([2 + 10 + 2]), text);
});
