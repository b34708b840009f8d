// The mirror and GOPROXY names: the flag parser, the wizard's questions and the plan all use the one list
// (src/presets.ts), so a name the wizard offers is one the command line takes and the plan knows how to apply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goproxy, INVALID, mirror } from '../../src/options/values.js';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { GOPROXY_PRESETS, GOPROXY_VALUES, goproxyValue, MIRROR_BASES, MIRROR_PRESETS } from '../../src/presets.js';
import { mirrorBaseUrl } from '../../src/versions/mirrors.js';

await loadLang('zh');

describe('presets', () => {
  it('every mirror name is accepted by --mirror and resolves to its base URL (auto is probed)', () => {
    assert.deepEqual(MIRROR_PRESETS, ['official', 'google-cn', 'aliyun', 'ustc', 'nju', 'auto']);
    for (const name of MIRROR_PRESETS) {
      assert.equal(mirror(name), name);
      if (name !== 'auto') assert.equal(mirrorBaseUrl(name), MIRROR_BASES[name]);
    }
    assert.equal(mirror('tencent'), INVALID);
  });

  it('every GOPROXY name is accepted by --goproxy and stands for one GOPROXY value (keep: none)', () => {
    assert.deepEqual(GOPROXY_PRESETS, ['keep', 'official', 'goproxy.cn', 'goproxy.io', 'aliyun', 'tencent']);
    for (const name of GOPROXY_PRESETS) assert.equal(goproxy(name), name);
    assert.equal(goproxyValue('keep'), null);
    assert.equal(goproxyValue('goproxy.cn'), GOPROXY_VALUES['goproxy.cn']);
    assert.equal(goproxyValue('https://corp.example/goproxy,direct'), 'https://corp.example/goproxy,direct');
  });

  it('the wizard has a label and a reason for each name, in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const t = createTranslator(lang);
      for (const key of [...MIRROR_PRESETS.map((m) => `wizard.mirror.${m}`), ...GOPROXY_PRESETS.map((p) => `wizard.goproxy.${p}`)]) {
        assert.notEqual(t(key), key, `${lang}: ${key}`);
        assert.notEqual(t(`${key}.why`), `${key}.why`, `${lang}: ${key}.why`);
      }
    }
  });
});
