// The wizard's express screen, saving scripts from the preview, and other screen-level messages.
import type { AreaCatalog } from '../index.js';

export const wizardUiMessages: AreaCatalog = {
  en: {
    'wizard.key.saveRollback': 'save rollback script',
    'wizard.preview.saveRollbackPrompt': 'Save the rollback script to:',
    'wizard.preview.noFolder': 'Not saved: the folder {path} does not exist (no folder is created; type a path in an existing one).',
    'wizard.preview.isFolder': 'that is a folder; add a file name',
    'wizard.invalid.savePath': '"{value}" is not a file name to save to: type a path such as ./install-go.sh or ~/install-go.sh.',
  },
  zh: {
    'wizard.key.saveRollback': '保存回滚脚本',
    'wizard.preview.saveRollbackPrompt': '将回滚脚本保存到：',
    'wizard.preview.noFolder': '未保存：文件夹 {path} 不存在（不会自动创建文件夹；请输入已存在文件夹中的路径）。',
    'wizard.preview.isFolder': '这是一个文件夹，请加上文件名',
    'wizard.invalid.savePath': '“{value}”不是可保存的文件名：请输入类似 ./install-go.sh 或 ~/install-go.sh 的路径。',
  },
};
