import type { AreaCatalog } from '../index.js';

export const planMessages: AreaCatalog = {
  en: {},
  zh: {},
};
