// Chinese is first-class: every message exists in zh (the catalog test checks the keys), and a zh message says it in
// Chinese. A zh text with no Chinese character at all — a copy of the English, or English left in — fails, unless
// it is one of the few that are names, commands or symbols in both languages (listed here, each on purpose).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogs } from '../../src/i18n/messages/index.js';

/** zh messages that rightly hold no Chinese: product, host and tool names, formats made of placeholders. */
const SAME_IN_CHINESE = new Set([
  'detect.section.wsl',
  'detect.section.shell',
  'detect.field.wsl',
  'detect.value.wslVersion',
  'detect.value.sudo.root',
  'detect.value.source.apt',
  'detect.value.source.snap',
  'plan.text.digest',
  'plan.text.gopath',
  'plan.text.moveTo',
  'plan.text.shells',
  'engine.rollback.runLine',
  'wizard.system.wsl',
  'wizard.system.shell',
  'wizard.source.snap',
  'wizard.version.major',
  'wizard.mirror.google-cn',
  'wizard.goproxy.official',
  'wizard.goproxy.goproxy.cn',
  'wizard.goproxy.goproxy.io',
  'wizard.goproxy.aliyun.why',
  'wizard.goproxy.tencent.why',
  'wizard.installing.speed',
  'wizard.express.shells',
  'env.override.setting',
  'extras.wizard.gopls',
  // The language code itself.
  'exports.sh.lang',
]);

const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

test('every zh message is written in Chinese, except the names and symbols listed', () => {
  const untranslated: string[] = [];
  for (const area of catalogs) {
    for (const [key, en] of Object.entries(area.en)) {
      const zh = area.zh[key];
      if (zh === undefined) untranslated.push(`${key}: missing in zh`);
      else if (!CHINESE.test(zh) && !SAME_IN_CHINESE.has(key)) untranslated.push(`${key}: ${JSON.stringify(zh)}${zh === en ? ' (the English text)' : ''}`);
    }
  }
  assert.deepEqual(untranslated, []);
});

test('the list of messages kept as they are holds only messages that exist and hold no Chinese', () => {
  const zh = new Map(catalogs.flatMap((area) => Object.entries(area.zh)));
  for (const key of SAME_IN_CHINESE) {
    assert.ok(zh.has(key), `${key} is no longer in the catalog`);
    assert.ok(!CHINESE.test(zh.get(key)!), `${key} is translated now: drop it from the list`);
  }
});
