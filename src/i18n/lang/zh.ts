// The Chinese messages of every area in one table. The build (scripts/build.mjs, oneLanguageTables) replaces this
// module with the same table computed at build time, so that the bundle's Chinese chunk holds no other language.
import { mergeLanguage, type Messages } from '../catalog.js';
import { catalogs } from '../messages/index.js';

export const messages: Messages = mergeLanguage(catalogs, 'zh');
