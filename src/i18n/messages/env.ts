import type { AreaCatalog } from '../index.js';

// The environment a new terminal gets: startup-file settings, conflicts, the proof's go env checks, the
// environment doctor findings, modules, the C compiler, editors and proxies for git.
export const envMessages: AreaCatalog = {
  en: {
    'env.detect.section': 'Go settings in startup files',
    'env.detect.none': '(none)',
    'env.detect.sets': 'sets {variable}={value}',
    'env.detect.path': 'puts {dirs} on PATH',
    'env.detect.unknownDir': 'a Go bin directory known only at run time',
  },
  zh: {
    'env.detect.section': '启动文件中的 Go 设置',
    'env.detect.none': '（无）',
    'env.detect.sets': '设置 {variable}={value}',
    'env.detect.path': '把 {dirs} 加入 PATH',
    'env.detect.unknownDir': '运行时才确定的 Go bin 目录',
  },
};
