import type { AreaCatalog } from '../index.js';

export const detectMessages: AreaCatalog = {
  en: {},
  zh: {},
};
