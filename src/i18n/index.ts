// One catalog for every user-visible string. Each area keeps its messages in ./messages/<area>.ts
// as { en: {...}, zh: {...} }; a test checks that both languages have exactly the same keys.
// Each language is one table (./lang/<lang>.ts); English is always here (the fallback, and the language of what we
// write into files), Chinese is loaded by loadLang — a chunk of its own in the bundle, which an English run never reads.
import type { Lang, Translate } from '../types.js';
import type { Messages } from './catalog.js';
import { messages as english } from './lang/en.js';

const loaded: Partial<Record<Lang, Messages>> = { en: english };

/** Makes a language's messages available; done once per language before anything is translated in it. */
export async function loadLang(lang: Lang): Promise<void> {
  if (lang === 'zh') loaded.zh ??= (await import('./lang/zh.js')).messages;
}

function table(lang: Lang): Messages {
  const messages = loaded[lang];
  if (!messages) throw new Error(`the ${lang} messages are not loaded (await loadLang('${lang}') before translating)`);
  return messages;
}

export function allMessages(lang: Lang): Readonly<Messages> {
  return table(lang);
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
 * rollback`, `npm start -- rollback`. The language's table is looked up when a message is, so a translator may be
 * made before loadLang has finished.
 */
export function createTranslator(lang: Lang, tool = 'go-setup-wizard'): Translate {
  return (key, vars) => {
    const template = table(lang)[key] ?? english[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : name === 'tool' ? tool : whole));
  };
}
