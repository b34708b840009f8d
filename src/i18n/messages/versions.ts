import type { AreaCatalog } from '../index.js';

export const versionsMessages: AreaCatalog = {
  en: {},
  zh: {},
};
