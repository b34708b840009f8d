// Progress of a rollback, step by step: each undone step is announced like an install step (the CLI's status line,
// `--json`'s step-start), and the wizard's installing screen says which one it is; a tree being removed (the Go
// installation: thousands of entries) tells how many of its entries are gone.
import type { AreaCatalog } from '../catalog.js';

export const progressMessages: AreaCatalog = {
  en: {
    'progress.rollback.title': 'Undo: {title}',
    'wizard.installing.undoing': 'Undoing step {index} of {count}: {title}',
    'progress.removing': 'removing {path}: {removed} of {total} entries',
    'progress.removed': '{removed} of {total} entries removed',
  },
  zh: {
    'progress.rollback.title': '撤销：{title}',
    'wizard.installing.undoing': '正在撤销第 {index} 步（共 {count} 步）：{title}',
    'progress.removing': '正在删除 {path}：已删除 {removed} / {total} 项',
    'progress.removed': '已删除 {removed} / {total} 项',
  },
};
