// The shape of the message catalog: each area file in ./messages holds one AreaCatalog, { en, zh }.
import type { Lang } from '../types.js';

export type Messages = Record<string, string>;
export interface AreaCatalog {
  en: Messages;
  zh: Messages;
}

/** One language's messages from every area, in one table. */
export function mergeLanguage(areas: readonly AreaCatalog[], lang: Lang): Messages {
  return Object.assign({}, ...areas.map((area) => area[lang]));
}
