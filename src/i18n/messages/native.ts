import type { AreaCatalog } from '../catalog.js';

// The steps the executor performs itself (src/engine/native-steps.ts): their failures, as their bash would give them.
export const nativeMessages: AreaCatalog = {
  en: {
    'native.failed': '{title} failed: {detail}',
    'native.noSpace': 'not enough free space in {dir}: {needed} MiB needed, {free} MiB free',
  },
  zh: {
    'native.failed': '{title} 失败：{detail}',
    'native.noSpace': '{dir} 空间不足：需要 {needed} MiB，可用 {free} MiB',
  },
};
