// One catalog for every user-visible string. Each area keeps its messages in ./messages/<area>.ts
// as { en: {...}, zh: {...} }; a test checks that both languages have exactly the same keys.
import type { Lang, Translate } from '../types.js';
import type { Messages } from './catalog.js';
import { catalogs } from './messages/index.js';


const merged: Record<Lang, Messages> = { en: {}, zh: {} };
for (const area of catalogs) {
  Object.assign(merged.en, area.en);
  Object.assign(merged.zh, area.zh);
}

export function allMessages(lang: Lang): Readonly<Messages> {
  return merged[lang];
}

/** `--lang` wins; then LC_ALL, LC_MESSAGES, LANG (a value starting with `zh` means Chinese). */
export function detectLang(env: NodeJS.ProcessEnv, flag?: Lang): Lang {
  if (flag) return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.@-]|$)/i.test(locale) ? 'zh' : 'en';
}

/**
 * Looks a key up and fills `{name}` placeholders. A missing key is a bug: it shows the key itself.
 * `{tool}` in a hint is the command that starts this tool the way the user started it (src/invocation.ts), so
 * `{tool} rollback` is something they can type: `npx go-setup-wizard rollback`, `node dist/go-setup-wizard.cjs
 * rollback`, `npm start -- rollback`.
 */
export function createTranslator(lang: Lang, tool = 'go-setup-wizard'): Translate {
  const table = merged[lang];
  return (key, vars) => {
    const template = table[key] ?? merged.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : name === 'tool' ? tool : whole));
  };
}
