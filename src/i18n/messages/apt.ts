import type { AreaCatalog } from '../index.js';

// apt and snap done exactly, other Go installs, several Go versions side by side.
export const aptMessages: AreaCatalog = {
  en: {
    'apt.undo.kept': 'kept {what}: installed since and needs it',
  },
  zh: {
    'apt.undo.kept': '保留 {what}：之后安装的软件包依赖它',
  },
};
