// The exported script speaks the language of whoever runs it: LC_ALL, then LC_MESSAGES, then LANG when they name
// English or Chinese, else the plan's language (C/POSIX, unset). Checked on a real run that stops at the install
// guard (a target that is neither empty nor a Go tree: exit 2, nothing changed), and shellcheck-clean in both.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTranslator, loadLang } from '../../src/i18n/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderExport } from '../../src/plan/render.js';
import type { Lang } from '../../src/types.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { buildInput, shellcheck } from './helpers.js';

await loadLang('zh');

let home: TempHome;
let target: string;
const scripts = {} as Record<Lang, string>;

before(async () => {
  home = createTempHome();
  target = join(home.home, 'notes');
  for (const lang of ['en', 'zh'] as const) {
    const t = createTranslator(lang);
    const plan = await buildPlan(buildInput(home, { t, options: { installDir: target, shells: ['bash'], lang } }));
    scripts[lang] = join(home.root, `go-${lang}.sh`);
    writeFileSync(scripts[lang], await renderExport(plan, 'sh', t), { mode: 0o755 });
  }
  // Planned for a new directory; by the time the script runs, someone's notes are there.
  mkdirSync(target);
  writeFileSync(join(target, 'todo.txt'), 'not Go\n');
});
after(() => home?.cleanup());

function run(lang: Lang, locale: Record<string, string>): { status: number | null; stderr: string } {
  const env = { HOME: home.home, PATH: '/usr/bin:/bin', TERM: 'dumb', ...locale };
  const result = spawnSync('bash', [scripts[lang]], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr };
}

const ENGLISH = /go-setup-wizard: refusing to install into .*\/notes: it is neither empty nor a Go tree/;
const CHINESE = /go-setup-wizard: 拒绝安装到 .*\/notes：它既不是空目录也不是 Go 目录树/;

describe('the sh export speaks the runner\'s language', () => {
  test('shellcheck-clean in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      assert.equal(shellcheck(readFileSync(scripts[lang], 'utf8')), '', lang);
    }
  });

  const cases: [Lang, Record<string, string>, RegExp, string][] = [
    ['en', { LANG: 'C.UTF-8' }, ENGLISH, 'an English plan on a C locale'],
    ['en', { LANG: 'zh_CN.UTF-8' }, CHINESE, 'a Chinese host locale wins over the plan'],
    ['zh', {}, CHINESE, 'no locale at all: the plan\'s language'],
    ['zh', { LANG: 'POSIX' }, CHINESE, 'POSIX: the plan\'s language'],
    ['zh', { LANG: 'en_US.UTF-8' }, ENGLISH, 'an English host locale wins over the plan'],
    ['en', { LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' }, CHINESE, 'LC_ALL before LANG'],
    ['zh', { LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' }, ENGLISH, 'LC_MESSAGES before LANG'],
  ];
  for (const [lang, locale, expected, what] of cases) {
    test(`${what} (${lang} plan, ${JSON.stringify(locale)})`, () => {
      const result = run(lang, locale);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, expected);
    });
  }
});
