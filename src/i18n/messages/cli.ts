import type { AreaCatalog } from '../index.js';

export const cliMessages: AreaCatalog = {
  en: {},
  zh: {},
};
