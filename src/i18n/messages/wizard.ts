import type { AreaCatalog } from '../index.js';

export const wizardMessages: AreaCatalog = {
  en: {},
  zh: {},
};
