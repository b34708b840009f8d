// The exported sh script's own messages (exports.sh.*) in both languages: the script carries them all, so it reads
// them from this small table rather than from both whole tables. The build computes it, as it does each language's
// table (scripts/build.mjs, oneLanguageTables).
import type { Lang } from '../../types.js';
import { mergeLanguage, type Messages } from '../catalog.js';
import { catalogs } from '../messages/index.js';

const SCRIPT_PREFIX = 'exports.sh.';

function scriptMessages(lang: Lang): Messages {
  return Object.fromEntries(Object.entries(mergeLanguage(catalogs, lang)).filter(([key]) => key.startsWith(SCRIPT_PREFIX)));
}

export const messages: Record<Lang, Messages> = { en: scriptMessages('en'), zh: scriptMessages('zh') };
