import type { AreaCatalog } from '../index.js';

export const engineMessages: AreaCatalog = {
  en: {},
  zh: {},
};
